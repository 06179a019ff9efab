package dev.hac.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLC's distributed mode (a server JVM, worker JVMs and fingerprint set server JVMs over
 * RMI on loopback) decides as the one-JVM checker does, and fails cleanly: a worker or a
 * fingerprint set server killed mid-run ends the run with a message, and no child process
 * outlives a run. An integration test (failsafe): about 4 minutes on 2 cores, most
 * of it MC_default distributed (RMI makes it several times slower than one JVM).
 */
class DistributedModelCheckIT {

    private static final ModelChecker ONE_JVM = new ModelChecker().withScratchRoot(TestModels.SCRATCH)
            .withWorkers(2);
    private static final ModelChecker TWO_WORKERS = new ModelChecker().withScratchRoot(TestModels.SCRATCH)
            .withDistribution(Distribution.localWorkers(2));

    private Scratch scratch;

    @BeforeEach
    void scratch() throws IOException {
        scratch = Scratch.create(TestModels.SCRATCH, "distributed");
    }

    @AfterEach
    void noChildProcessOutlivesARun() {
        scratch.close();
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList()).isEmpty();
    }

    @Test
    void twoWorkersFindTheSameStatesAndVerdictsAsOneJvm() throws Exception {
        final Model model = ModelRepository.embedded().model("MC_default", scratch);
        final CheckResult one = ONE_JVM.check(model);
        final CheckResult distributed = TWO_WORKERS.check(model);
        assertThat(distributed.outcome()).as(distributed.message()).isEqualTo(Outcome.PASS);
        assertThat(distributed.distinctStates()).isEqualTo(one.distinctStates()).isPositive();
        // Not the depth: the server's is that of the paths its workers happened to take, not of a breadth-first search
        // (25 against 27 in one run of the model with step checks, whose one-JVM depth is 27).
        assertThat(distributed.depth()).isPositive();
        assertThat(distributed.properties()).extracting(PropertyResult::name, PropertyResult::kind)
                .isEqualTo(one.properties().stream().map(p -> tuple(p.name(), p.kind()))
                        .toList());
        assertThat(one.properties()).extracting(PropertyResult::status).containsOnly(PropertyResult.Status.HOLDS);
        assertThat(distributed.properties()).extracting(PropertyResult::status)
                .containsOnly(PropertyResult.Status.HOLDS);
    }

    @Test
    void fingerprintSetServersHoldTheSameStatesAsOneJvm() throws Exception {
        final Model model = ModelRepository.embedded().model("MC_conformance", scratch);
        final CheckResult one = ONE_JVM.check(model);
        final CheckResult distributed = new ModelChecker().withScratchRoot(TestModels.SCRATCH)
                .withDistribution(Distribution.localWorkers(2, 2)).check(model);
        assertThat(distributed.outcome()).as(distributed.message()).isEqualTo(Outcome.PASS);
        assertThat(distributed.distinctStates()).isEqualTo(one.distinctStates()).isGreaterThan(1_000);
        assertThat(distributed.properties()).extracting(PropertyResult::status)
                .containsOnly(PropertyResult.Status.HOLDS);
    }

    /**
     * TLC would hand a lost set server's share to another set server, which has not seen those
     * fingerprints, and carry on with wrong counts; the run stops instead.
     */
    @Test
    void aFingerprintSetServerKilledMidRunStopsTheRunWithAMessage() throws Exception {
        final AtomicBoolean killed = new AtomicBoolean();
        final CheckResult r = new ModelChecker().withScratchRoot(TestModels.SCRATCH)
                .withDistribution(Distribution.localWorkers(1, 2)).withPollInterval(Duration.ofMillis(200))
                .withListener(killFirst("DistributedFPSet", killed))
                .check(ModelRepository.embedded().model("MC_default", scratch));
        assertThat(killed).isTrue();
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.message()).contains("fingerprint set server");
    }

    /**
     * The step the workers would not check: {@code NeverDown} is broken only by the reset back to the initial
     * state, a state already seen. Searched as an invariant of the derived model ({@link StepChecks}), it is found.
     */
    @Test
    void anActionPropertyBrokenOnlyByAStepIntoASeenStateIsFound() throws Exception {
        final Model model = TestModels.toy().model("MC_toy_action", scratch);
        TWO_WORKERS.requireCheckable(model);
        final CheckResult r = TWO_WORKERS.check(model);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.PROPERTY_VIOLATED);
        assertThat(r.property()).isEqualTo("NeverDown");
        assertThat(r.counterexample().states()).last().extracting(TraceState::action).isEqualTo("Reset");
    }

    /**
     * An invariant mutant: the server checks invariants on every new state, prints the
     * violation as a bare trace, and the model is checked again in one JVM for the property
     * and the whole path.
     */
    @Test
    void aMutantIsRejectedWithItsPropertyAndACounterexample() throws Exception {
        final ModelRepository repo = ModelRepository.embedded();
        final Mutant mutant = repo.mutants().stream().filter(m -> m.name().equals("AbortAsCommit")).findFirst()
                .orElseThrow();
        final Model model = repo.mutated(mutant, scratch);
        TWO_WORKERS.requireCheckable(model);
        final CheckResult r = TWO_WORKERS.check(model);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.INVARIANT_VIOLATED);
        assertThat(r.property()).isEqualTo(mutant.kills());
        assertThat(r.counterexample().states()).hasSizeGreaterThan(1);
        assertThat(r.counterexample().states().get(0).isInitial()).isTrue();
        assertThat(r.toItf().states()).hasSameSizeAs(r.counterexample().states());
    }

    @Test
    void aLivenessModelIsRefusedBecauseTheServerWouldNotCheckItsProperty() throws Exception {
        final Model model = ModelRepository.embedded().model("MC_liveness", scratch);
        assertThatThrownBy(() -> TWO_WORKERS.requireCheckable(model)).isInstanceOf(BadModelException.class)
                .hasMessageContaining("MC_liveness.cfg:").hasMessageContaining("liveness property");
    }

    @Test
    void aWorkerKilledMidRunStopsTheRunWithAMessage() throws Exception {
        final AtomicBoolean killed = new AtomicBoolean();
        final ModelChecker checker = TWO_WORKERS.withPollInterval(Duration.ofMillis(200))
                .withListener(killFirst("TLCWorker", killed));
        final CheckResult r = checker.check(ModelRepository.embedded().model("MC_default", scratch));
        assertThat(killed).isTrue();
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.message()).contains("TLC worker").contains("ended mid-run");
    }

    /** Kills (SIGKILL) the first child JVM whose command line names {@code mainClass} once the search is under way. */
    private static CheckListener killFirst(final String mainClass, final AtomicBoolean killed) {
        return new CheckListener() {
            @Override
            public void progress(final Progress p) {
                if (p.distinctStates() > 1_000 && !killed.get()) {
                    final Optional<ProcessHandle> child = ProcessHandle.current().descendants()
                            .filter(h -> h.info().commandLine().orElse("").contains(mainClass)).findFirst();
                    child.ifPresent(h -> killed.set(h.destroyForcibly()));
                }
            }
        };
    }
}
