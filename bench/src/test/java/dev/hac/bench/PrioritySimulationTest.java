package dev.hac.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrioritySimulationTest {

    private static PrioritySimulation.Settings saturated(final int k) {
        return new PrioritySimulation.Settings(4, 4, 10, 1500, 10, 2, 0.10, 0.15, 0.3, k, 1);
    }

    private static long frames(final PrioritySimulation.Outcome o) {
        return o.released().getTotalCount() + o.ordinary().getTotalCount() + o.unsent();
    }

    @Test
    void everyDisciplineSeesTheSameArrivals() {
        final List<PrioritySimulation.Outcome> outcomes = PrioritySimulation.runAll(saturated(4), line -> { });
        assertThat(outcomes).extracting(PrioritySimulation.Outcome::discipline)
                .containsExactly("FIFO", "STRICT", "BOUNDED_BYPASS(4)");
        final long fifo = frames(outcomes.get(0));
        // The link is always busy in all three; only who waits differs (one frame may be mid-transmission).
        assertThat(outcomes).allSatisfy(o -> assertThat(frames(o)).isBetween(fifo - 1, fifo + 1));
    }

    @Test
    void strictPriorityShortensReleasedWaitsAndBypassBoundsOrdinaryOnes() {
        final PrioritySimulation.Outcome fifo = PrioritySimulation.run(saturated(1), "FIFO");
        final PrioritySimulation.Outcome strict = PrioritySimulation.run(saturated(1), "STRICT");
        final PrioritySimulation.Outcome bypass = PrioritySimulation.run(saturated(1), "BOUNDED_BYPASS(1)");
        assertThat(strict.released().getValueAtPercentile(99)).isLessThan(fifo.released().getValueAtPercentile(99));
        assertThat(bypass.ordinary().getMaxValue()).isLessThan(strict.ordinary().getMaxValue());
        assertThat(bypass.released().getValueAtPercentile(99)).isGreaterThan(strict.released().getValueAtPercentile(99));
    }

    @Test
    void withoutOrdinaryTrafficThePoliciesAreIndistinguishable() {
        final PrioritySimulation.Settings s = new PrioritySimulation.Settings(2, 1, 10, 1500, 10, 2, 0.3, 0, 0.2, 2, 3);
        final PrioritySimulation.Outcome fifo = PrioritySimulation.run(s, "FIFO");
        final PrioritySimulation.Outcome strict = PrioritySimulation.run(s, "STRICT");
        assertThat(strict.released()).isEqualTo(fifo.released());
        assertThat(strict.ordinary().getTotalCount()).isZero();
    }

    @Test
    void impossibleSettingsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> new PrioritySimulation.Settings(4, 4, 10, 1500, 2, 2, 0.1, 0.1, 1, 4, 1))
                .hasMessageContaining("--commit-ms");
        assertThatThrownBy(() -> new PrioritySimulation.Settings(0, 4, 10, 1500, 10, 2, 0.1, 0.1, 1, 4, 1))
                .hasMessageContaining("--ckpt-vms");
    }

    @Test
    void writesAPngPlot(@TempDir final Path dir) throws Exception {
        final Path png = dir.resolve("sub/priority.png");
        PriorityPlot.write(PrioritySimulation.runAll(saturated(4), line -> { }), "test", png);
        final byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
    }
}
