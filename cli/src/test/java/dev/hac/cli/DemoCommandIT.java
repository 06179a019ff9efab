package dev.hac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hac demo} with real processes: every round holds, and the event logs of every host process it started (the
 * roles flipping round after round) are together a behaviour of Fencing, checked by the command the demo prints.
 */
class DemoCommandIT {

    private static final String VALIDATE = "event logs, checked together by: hac validate ";

    @Test
    void demoRoundsHoldAndTheLogsOfAllTheirHostsValidateTogether(@TempDir final Path dir) throws Exception {
        final Path log = dir.resolve("demo.ndjson");
        final ByteArrayOutputStream o = new ByteArrayOutputStream();
        final PrintStream oldOut = System.out;
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        final int demo;
        int validate = -1;
        List<String> logs = List.of();
        try {
            demo = Hac.run("demo", "--rounds", "2", "--seed", "7", "--fault-after-ms", "300..600",
                    "--event-log", log.toString());
            final String printed = o.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith(VALIDATE))
                    .findFirst().orElse("");
            if (!printed.isEmpty()) {
                logs = List.of(printed.substring(VALIDATE.length()).split(" "));
                validate = Hac.run(Stream.concat(Stream.of("validate"), logs.stream()).toArray(String[]::new));
            }
        } finally {
            System.setOut(oldOut);
        }
        final String out = o.toString(StandardCharsets.UTF_8);
        assertThat(demo).as(out).isZero();
        // Two rounds: the first primary, the first secondary and a restarted host per round.
        assertThat(logs).as(out).hasSize(4).contains(dir.resolve("demo-primary.ndjson").toString(),
                dir.resolve("demo-joiner-2.ndjson").toString());
        assertThat(Files.readAllLines(Path.of(logs.get(0))).get(0)).startsWith("{\"params\":");
        assertThat(validate).as(out).isZero();
        assertThat(out).contains("verdict: HOLDS").contains("accepted");
    }
}
