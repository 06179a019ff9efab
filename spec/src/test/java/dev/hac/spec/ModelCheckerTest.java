package dev.hac.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hac.spec.itf.ItfReader;
import dev.hac.spec.itf.ItfTrace;
import dev.hac.spec.itf.ItfWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCheckerTest {

    private final List<String> events = new ArrayList<>();
    private final ModelChecker checker = new ModelChecker().withScratchRoot(TestModels.SCRATCH)
            .withPollInterval(Duration.ofMillis(50))
            .withListener(new CheckListener() {
                @Override
                public void started(final String model) {
                    events.add("started " + model);
                }

                @Override
                public void note(final String message) {
                    events.add("note " + message);
                }

                @Override
                public void finished(final CheckResult result) {
                    events.add("finished " + result.outcome());
                }
            });
    private Scratch scratch;

    @BeforeEach
    void scratch() throws IOException {
        scratch = Scratch.create(TestModels.SCRATCH, "models");
    }

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    private CheckResult check(final String model) throws Exception {
        return checker.check(TestModels.toy().model(model, scratch));
    }

    @Test
    void passingModelHoldsEveryPropertyAndCountsStates() throws Exception {
        final CheckResult r = check("MC_toy_pass");
        assertThat(r.outcome()).isEqualTo(Outcome.PASS);
        assertThat(r.counterexample()).isNull();
        assertThat(r.distinctStates()).isEqualTo(7);
        assertThat(r.statesGenerated()).isGreaterThanOrEqualTo(r.distinctStates());
        assertThat(r.properties()).extracting(PropertyResult::name, PropertyResult::kind, PropertyResult::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("TypeOK", PropertyKind.INVARIANT, PropertyResult.Status.HOLDS),
                        org.assertj.core.groups.Tuple.tuple("Bounded", PropertyKind.INVARIANT, PropertyResult.Status.HOLDS),
                        org.assertj.core.groups.Tuple.tuple("EventuallyFull", PropertyKind.TEMPORAL,
                                PropertyResult.Status.HOLDS));
        assertThat(r.parameters()).containsOnlyKeys("Limit", "Procs");
        assertThat(events).startsWith("started MC_toy_pass").endsWith("finished PASS");
    }

    @Test
    void invariantViolationComesWithTheShortestCounterexample() throws Exception {
        final Mutant offByOne = TestModels.toy().mutants().stream()
                .filter(m -> m.name().equals("OffByOne")).findFirst().orElseThrow();
        final CheckResult r = checker.check(TestModels.toy().mutated(offByOne, scratch));
        assertThat(r.outcome()).isEqualTo(Outcome.INVARIANT_VIOLATED);
        assertThat(r.property()).isEqualTo("Bounded");
        final List<TraceState> states = r.counterexample().states();
        assertThat(states).hasSize(4);
        assertThat(states.get(0).isInitial()).isTrue();
        assertThat(states.get(3).action()).isEqualTo("Inc");
        assertThat(states.get(3).location()).startsWith("line ").endsWith("of module Toy");
        assertThat(states.get(3).variables().get("log").size()).isEqualTo(3);
        // Procs = {"a", "b"}: owner is a function over them, not a record.
        assertThat(states.get(0).variables().get("owner").has("#map")).isTrue();
        assertThat(r.counterexample().isLasso()).isFalse();
        assertThat(r.properties()).filteredOn(p -> p.name().equals("TypeOK"))
                .extracting(PropertyResult::status).containsExactly(PropertyResult.Status.UNDECIDED);
    }

    @Test
    void temporalViolationIsAttributedToOnePropertyAndIsALasso(@TempDir final Path out) throws Exception {
        final CheckResult r = check("MC_toy_lasso");
        assertThat(r.outcome()).isEqualTo(Outcome.PROPERTY_VIOLATED);
        assertThat(r.property()).isEqualTo("Settles");
        assertThat(r.propertyKind()).isEqualTo(PropertyKind.TEMPORAL);
        assertThat(events).contains("note TLC did not say which temporal property failed: checking EventuallyFull alone");
        final Counterexample cex = r.counterexample();
        assertThat(cex.isLasso()).isTrue();
        assertThat(cex.loopIndex()).isBetween(0, cex.states().size() - 1);
        assertThat(cex.loopAction()).isIn("Reset", Counterexample.STUTTERING);

        final ItfTrace itf = r.toItf();
        assertThat(itf.loop()).isEqualTo(cex.loopIndex());
        assertThat(itf.params()).containsExactly("Limit", "Procs");
        assertThat(itf.states().get(0).get("Limit").asInt()).isEqualTo(2);
        assertThat(itf.states().get(0).actionTaken()).isEqualTo("init");
        assertThat(itf.vars()).containsExactlyInAnyOrder("x", "log", "owner");
        final Path file = out.resolve("lasso.itf.json");
        ItfWriter.write(itf, file);
        assertThat(ItfReader.read(file)).isEqualTo(itf);
    }

    @Test
    void actionPropertyIsNamedByTlc() throws Exception {
        final CheckResult r = check("MC_toy_action");
        assertThat(r.outcome()).isEqualTo(Outcome.PROPERTY_VIOLATED);
        assertThat(r.property()).isEqualTo("NeverDown");
        assertThat(r.propertyKind()).isEqualTo(PropertyKind.ACTION);
        assertThat(r.counterexample().states()).last().extracting(TraceState::action).isEqualTo("Reset");
    }

    @Test
    void parseErrorNamesTheModuleFileAndLine(@TempDir final Path dir) throws Exception {
        copyToy(dir);
        final Path toy = dir.resolve("Toy.tla");
        Files.writeString(toy, Files.readString(toy).replace("Reset == /\\ x = Limit", "Reset == /\\ x = = Limit"));
        final CheckResult r = checker.check(Model.of(dir.resolve("MC_toy_pass.cfg"), dir.toString()));
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.errorLocation()).isEqualTo(new SourceLocation(dir + "/Toy.tla", 16, 19));
        assertThat(r.message()).contains("Encountered");
    }

    @Test
    void configErrorNamesTheConfigLine(@TempDir final Path dir) throws Exception {
        copyToy(dir);
        final Path cfg = dir.resolve("MC_toy_pass.cfg");
        Files.writeString(cfg, Files.readString(cfg).replace("INVARIANTS TypeOK Bounded", "INVARIANTS TypeOK\n  Nope"));
        final CheckResult r = checker.check(Model.of(cfg, dir.toString()));
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.errorLocation()).isEqualTo(new SourceLocation(dir + "/MC_toy_pass.cfg", 8, 0));
        assertThat(r.message()).contains("Nope");
    }

    @Test
    void unknownModelIsBadInputListingTheModels() {
        assertThatThrownBy(() -> TestModels.toy().resolve("MC_nope", scratch))
                .isInstanceOf(BadModelException.class)
                .hasMessageContaining("unknown model")
                .hasMessageContaining("MC_toy_pass");
        assertThatThrownBy(() -> TestModels.toy().resolve("missing/MC_x.cfg", scratch))
                .isInstanceOf(BadModelException.class).hasMessageContaining("no such file");
    }

    @Test
    void leavesNoScratchFilesBehind() throws Exception {
        check("MC_toy_action");
        try (Stream<Path> runs = Files.list(TestModels.SCRATCH)) {
            assertThat(runs.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith("models-"));
        }
    }

    private static void copyToy(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(TestModels.dir())) {
            for (final Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }
}
