package dev.hac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.spec.itf.ItfReader;
import dev.hac.spec.itf.ItfTrace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code hac check --distributed}: a counterexample found by TLC's distributed mode is
 * printed and saved as ITF exactly as in one JVM. An integration test (failsafe): a
 * server and a worker JVM, about 10 s.
 */
class DistributedCheckIT {

    @TempDir
    Path dir;

    private String hac(final String... args) {
        final StringWriter out = new StringWriter();
        final int exit = new CommandLine(Hac.class).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(new StringWriter(), true)).execute(args);
        assertThat(exit).as(out.toString()).isEqualTo(1);
        return out.toString();
    }

    @Test
    void aDistributedCounterexampleIsPrintedAndSavedAsInOneJvm() throws Exception {
        Files.writeString(dir.resolve("Clock.tla"), CheckCommandTest.SPEC);
        final Path cfg = Files.writeString(dir.resolve("MC_bad.cfg"),
                "\\* fails\n\\* module: Clock\nSPECIFICATION Spec\nINVARIANT Small\n");
        final String local = hac("check", "--model", cfg.toString(), "--out", dir.resolve("local").toString(),
                "--scratch", dir.resolve("s").toString());
        final String distributed = hac("check", "--model", cfg.toString(), "--distributed", "1",
                "--out", dir.resolve("distributed").toString(), "--scratch", dir.resolve("s").toString());
        assertThat(body(distributed)).isEqualTo(body(local))
                .containsPattern("Small +invariant +VIOLATED").contains("h = 3");
        final ItfTrace a = ItfReader.read(saved(dir.resolve("local")));
        final ItfTrace b = ItfReader.read(saved(dir.resolve("distributed")));
        assertThat(b.states()).hasSize(3).isEqualTo(a.states());
    }

    /** The output without the summary line (times, counts of generated states) and the saved file's name. */
    private static String body(final String out) {
        return out.lines().filter(l -> !l.startsWith("MC_bad: ") && !l.startsWith("Counterexample saved"))
                .reduce("", (x, y) -> x + y + "\n");
    }

    private static Path saved(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".itf.json")).findFirst().orElseThrow();
        }
    }
}
