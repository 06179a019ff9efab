package dev.hac.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every embedded model (except the nightly-size MC_deep and MC_fencing_deep and the simulation-only
 * MC_simulate) gives the outcome its
 * {@code \* expect:} header promises, and every mutant is rejected with exactly the
 * property its {@code \* kills:} header names: a property nobody can break is a defect.
 * An integration test (failsafe): about 3 minutes on 2 cores, most of it three runs
 * (MC_liveness, the CrashStrandsCheckpoint and SecondaryLossFlushesOrdinary mutants).
 */
class EmbeddedModelsIT {

    /**
     * Too big to check exhaustively: MC_deep and MC_fencing_deep are run by hand (see README), MC_simulate only
     * by TLC -simulate (hac conform).
     */
    private static final Set<String> NOT_EXHAUSTIVE = Set.of("MC_deep", "MC_fencing_deep", "MC_simulate");

    private static final ModelChecker CHECKER = new ModelChecker()
            .withWorkers(Runtime.getRuntime().availableProcessors())
            .withScratchRoot(TestModels.SCRATCH);

    static Stream<String> models() throws IOException {
        return ModelRepository.embedded().modelNames().stream().filter(n -> !NOT_EXHAUSTIVE.contains(n));
    }

    static Stream<Named<Mutant>> mutants() throws Exception {
        return ModelRepository.embedded().mutants().stream().map(m -> Named.of(m.name(), m));
    }

    @Test
    void theSpecShipsTheModelsAndMutantsTheDesignAsksFor() throws Exception {
        final List<String> names = ModelRepository.embedded().modelNames();
        assertThat(names).contains("MC_default", "MC_bypass_drop", "MC_liveness", "MC_starvation_strict",
                "MC_starvation_bypass", "MC_fencing", "MC_fencing_rejoin", "MC_fencing_liveness",
                "MC_fencing_refinement");
        assertThat(ModelRepository.embedded().mutants()).hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void everyPropertyAModelChecksHasAMutantThatKillsIt() throws Exception {
        final Set<String> checked = new TreeSet<>();
        try (Scratch scratch = Scratch.create(TestModels.SCRATCH, "properties")) {
            for (final String name : ModelRepository.embedded().modelNames()) {
                final CfgFile cfg = ModelRepository.embedded().model(name, scratch).cfg();
                checked.addAll(cfg.invariants());
                checked.addAll(cfg.properties());
            }
        }
        final Set<String> killed = ModelRepository.embedded().mutants().stream().map(Mutant::kills)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(killed).as("properties with a mutant").containsAll(checked);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void modelGivesTheOutcomeItsHeaderExpects(final String name) throws Exception {
        try (Scratch scratch = Scratch.create(TestModels.SCRATCH, name)) {
            final Model model = ModelRepository.embedded().model(name, scratch);
            final CfgFile.Expectation expect = model.cfg().expectation();
            assertThat(expect).as(name + " has an '\\* expect:' header line").isNotNull();
            assertThat(model.cfg().purpose()).as(name + " states its purpose on line 1").isNotBlank();
            final CheckResult r = CHECKER.check(model);
            if (expect.pass()) {
                assertThat(r.outcome()).as(name + ": " + r.message()).isEqualTo(Outcome.PASS);
                assertThat(r.distinctStates()).isPositive();
            } else {
                assertThat(r.outcome().isViolation()).as(name + ": " + r.outcome() + " " + r.message()).isTrue();
                assertThat(r.property()).as(name).isEqualTo(expect.violatedProperty());
                assertThat(r.toItf().states()).isNotEmpty();
                if (r.propertyKind() == PropertyKind.TEMPORAL) {
                    assertThat(r.counterexample().isLasso()).as(name + ": a liveness counterexample is a lasso").isTrue();
                    assertThat(r.toItf().isLasso()).as(name + ": the ITF trace sets 'loop'").isTrue();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutants")
    void mutantIsKilledByExactlyItsNamedProperty(final Mutant mutant) throws Exception {
        try (Scratch scratch = Scratch.create(TestModels.SCRATCH, mutant.name())) {
            final CheckResult r = CHECKER.check(ModelRepository.embedded().mutated(mutant, scratch));
            assertThat(r.outcome().isViolation()).as(mutant.name() + " must be killed, TLC said " + r.outcome()
                    + (r.message() == null ? "" : ": " + r.message())).isTrue();
            assertThat(r.property()).as(mutant.name() + " (" + mutant.description() + ")").isEqualTo(mutant.kills());
        }
    }
}
