package dev.hac.fuzz.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.fuzz.FuzzTarget;
import dev.hac.undertest.HangingDriver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real, short Zest campaigns in this JVM, through JQF's instrumenting class loader. */
class ZestCampaignIT {

    private final ByteArrayOutputStream status = new ByteArrayOutputStream();
    private final PrintStream statusStream = new PrintStream(status, true, StandardCharsets.UTF_8);

    @Test
    void instrumentationSeesTheCodeUnderTestAndTheCorpusCarriesOverToTheNextCampaign(@TempDir final Path out)
            throws Exception {
        final Campaign.Result first = Campaign.run(FuzzTarget.FRAME, Duration.ofSeconds(4), out, statusStream, false);
        assertThat(first.executions()).isPositive();
        assertThat(first.coverage()).as("coverage: zero means the classes were loaded uninstrumented").isPositive();
        assertThat(first.uniqueFailures()).isZero();
        assertThat(Files.list(out.resolve("corpus")).count()).isPositive();
        assertThat(out.resolve("plot_data")).exists();
        assertThat(status.toString(StandardCharsets.UTF_8)).contains("[frame]", "execs", "coverage", "failures 0");

        Campaign.run(FuzzTarget.FRAME, Duration.ofSeconds(1), out, statusStream, false);
        try (var seeds = Files.list(out.resolve("seeds"))) {
            assertThat(seeds.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("previous-id_"));
        }
    }

    @Test
    void savesEachUniqueFailureWithItsStackTraceAndReplaysIt(@TempDir final Path out) throws Exception {
        final long[] f = Campaign.run(FailingDriver.class.getName(), "failsOnMultiplesOfSeven", "failing", List.of(),
                Duration.ofSeconds(3), out, statusStream, false);
        assertThat(f[5]).as("unique failures").isPositive();
        final Path trace = out.resolve("failures/id_000000.trace.txt");
        assertThat(Files.readString(trace)).contains("IllegalStateException", "multiple of seven", "FailingDriver");
        assertThat(out.resolve("failures/id_000000")).exists();
        assertThat(status.toString(StandardCharsets.UTF_8)).contains("new failure id_000000.trace.txt");
    }

    @Test
    void savesAHangAsAFailure(@TempDir final Path out) throws Exception {
        final long started = System.nanoTime();
        final long[] f = Campaign.run(HangingDriver.class.getName(), "hangs", "hanging", List.of(),
                Duration.ofSeconds(8), out, statusStream, false);
        assertThat(f[5]).as("unique failures").isPositive();
        assertThat(Files.readString(out.resolve("failures/id_000000.trace.txt"))).contains("Timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the hang was cut short").isLessThan(Duration.ofSeconds(50));
    }
}
