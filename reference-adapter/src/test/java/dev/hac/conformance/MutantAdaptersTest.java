package dev.hac.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.adapter.ReferenceAdapter;
import dev.hac.spec.Model;
import dev.hac.spec.ModelRepository;
import dev.hac.spec.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each deliberately faulty implementation is caught, at the step where its fault shows. */
class MutantAdaptersTest {

    private static Scratch scratch;
    private static List<ConformanceTrace> bypassTraces;
    private static List<ConformanceTrace> strictTraces;
    private static Path strictCfgDir;

    @BeforeAll
    static void generate() throws Exception {
        scratch = Scratch.create(Path.of("target", "hac", "test"), "mutants");
        final Model bypass = ModelRepository.embedded().model("MC_conformance", scratch);
        bypassTraces = TraceGenerator.generate(bypass, scratch, 0, 0, 1, s -> { }).cover();
        strictCfgDir = bypass.directory();
        final Path strictCfg = strictCfgDir.resolve("MC_conformance_strict.cfg");
        Files.copy(Path.of("src", "test", "resources", "models", "MC_conformance_strict.cfg"), strictCfg);
        strictTraces = TraceGenerator.generate(Model.of(strictCfg, "test"), scratch, 0, 0, 1, s -> { }).cover();
    }

    @AfterAll
    static void clean() {
        scratch.close();
    }

    private static Divergence firstDivergence(final SystemUnderTest mutant, final List<ConformanceTrace> traces) {
        final List<Divergence> found = new Replayer(mutant, null, Replayer.Listener.NONE).failFast(true).replay(traces);
        assertThat(found).as("%s is caught", mutant.getClass().getSimpleName()).hasSize(1);
        System.out.println(found.get(0).describe());
        return found.get(0);
    }

    @Test
    void releasingOneEpochEarlyIsCaughtAtTheRelease() {
        final Divergence d = firstDivergence(new MutantAdapters.ReleasesOneEpochEarly(), bypassTraces);
        assertThat(d.action()).isEqualTo("PrimaryReceiveAck");
        assertThat(d.kind()).isEqualTo(Divergence.Kind.STATE);
        assertThat(d.diffs()).extracting(Divergence.VariableDiff::variable).contains("buf", "txHigh", "committed");
    }

    @Test
    void fifoSchedulingIsCaughtByItsStreakCounterFirst() {
        final Divergence d = firstDivergence(new MutantAdapters.FifoInsteadOfPriority(), strictTraces);
        assertThat(d.action()).isEqualTo("NicTransmit");
        assertThat(d.diffs()).extracting(Divergence.VariableDiff::variable).containsExactly("highStreak");
    }

    @Test
    void fifoSchedulingIsCaughtWhenAnOrdinaryFrameOvertakesAReleasedOneInTracesWithoutTheCounter() throws Exception {
        final List<ConformanceTrace> withoutCounter = new java.util.ArrayList<>();
        for (final ConformanceTrace t : strictTraces) {
            withoutCounter.add(ItfProjection.without(t, "highStreak"));
        }
        final Divergence d = firstDivergence(new MutantAdapters.FifoInsteadOfPriority(), withoutCounter);
        assertThat(d.action()).isEqualTo("NicTransmit");
        assertThat(d.diffs()).extracting(Divergence.VariableDiff::variable).containsExactlyInAnyOrder("txHigh", "txNormal", "wire");
    }

    @Test
    void keepingNicContentsAcrossACrashIsCaughtAtTheCrash() {
        final Divergence d = firstDivergence(new MutantAdapters.KeepsNicContentsAcrossCrash(), bypassTraces);
        assertThat(d.action()).isEqualTo("PrimaryCrash");
        assertThat(d.diffs()).extracting(Divergence.VariableDiff::variable).contains("wire");
    }

    @Test
    void takingOverFromTheInflightCheckpointIsCaught() {
        final Divergence d = firstDivergence(new MutantAdapters.TakesOverFromInflightCheckpoint(), bypassTraces);
        assertThat(d.action()).isEqualTo("PrimaryCrash");
        assertThat(d.diffs()).extracting(Divergence.VariableDiff::variable).contains("committed");
    }

    @Test
    void aModelWithSymmetryIsRefusedForConformance() throws Exception {
        final Path cfg = Path.of(strictCfgDir.toString(), "MC_conformance_symmetric.cfg");
        Files.writeString(cfg, Files.readString(strictCfgDir.resolve("MC_conformance_strict.cfg")) + "SYMMETRY Symmetry\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TraceGenerator.graph(Model.of(cfg, "test"), scratch, s -> { }))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("SYMMETRY merges states");
    }

    @Test
    void theReferenceImplementationPassesTheStrictTracesTheFifoMutantFails() {
        assertThat(new Replayer(new ReferenceAdapter(), null, Replayer.Listener.NONE).replay(strictTraces)).isEmpty();
    }
}
