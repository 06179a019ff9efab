package dev.hac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hac demo} with real processes: the takeover holds, and the primary's event log is a behaviour of the spec. */
class DemoCommandIT {

    @Test
    void aDemoRoundHoldsAndItsEventLogValidates(@TempDir final Path dir) throws Exception {
        final Path log = dir.resolve("demo.ndjson");
        final ByteArrayOutputStream o = new ByteArrayOutputStream();
        final PrintStream oldOut = System.out;
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        final int demo;
        final int validate;
        try {
            demo = Hac.run("demo", "--rounds", "3", "--seed", "7", "--fault-after-ms", "300..600",
                    "--event-log", log.toString());
            validate = Hac.run("validate", "--trace", log.toString());
        } finally {
            System.setOut(oldOut);
        }
        final String out = o.toString(StandardCharsets.UTF_8);
        assertThat(demo).as(out).isZero();
        assertThat(Files.readAllLines(log).get(0)).startsWith("{\"params\":");
        assertThat(validate).as(out).isZero();
        assertThat(out).contains("verdict: HOLDS").contains("accepted");
    }
}
