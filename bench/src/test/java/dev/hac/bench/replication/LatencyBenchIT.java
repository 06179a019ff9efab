package dev.hac.bench.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code hac bench latency} with several clients runs every phase on a live pair and reports what it measured: every
 * answer accounted for, the output trigger checkpointing more often than the timer, and the in-flight waits read
 * from the primary (never more checkpoints waiting than started). Figures are not asserted: they are the machine's.
 */
class LatencyBenchIT {

    @Test
    void severalClientsRunEveryPhaseAndTheWaitsBehindTheCheckpointInFlightAreReported() throws Exception {
        final LatencyBench.Settings s = new LatencyBench.Settings(1, 200, 25, 4, Duration.ZERO, Duration.ofSeconds(1));
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();
        final List<LatencyBench.Row> rows = LatencyBench.run(s, new PrintStream(progress, true, StandardCharsets.UTF_8));
        assertThat(rows).extracting(LatencyBench.Row::phase).containsExactly("no buffering (baseline)", "timer", "output");
        for (final LatencyBench.Row r : rows) {
            assertThat(r.answers()).as(r.phase()).isPositive();
            assertThat(r.waitedShare()).as(r.phase()).isBetween(0.0, 1.0);
            assertThat(r.waitP99Ms()).as(r.phase()).isGreaterThanOrEqualTo(r.waitP50Ms());
        }
        assertThat(rows.get(2).checkpointsPerSecond()).isGreaterThan(rows.get(1).checkpointsPerSecond());
        assertThat(rows.get(1).waitedShare()).as("the timer trigger never waits on output").isZero();
        final ByteArrayOutputStream table = new ByteArrayOutputStream();
        LatencyBench.print(rows, s, new PrintStream(table, true, StandardCharsets.UTF_8));
        assertThat(table.toString(StandardCharsets.UTF_8)).contains("4 client(s) x 200 requests/s", "waited");
    }
}
