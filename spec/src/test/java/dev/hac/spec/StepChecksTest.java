package dev.hac.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The derived model distributed mode searches: each action property becomes an invariant that a violating step
 * breaks even when it leads back into a state already seen, and a model that holds keeps its state count. Checked
 * here in one JVM, where the original property's verdict is known.
 */
class StepChecksTest {

    private static final ModelChecker ONE_JVM = new ModelChecker().withScratchRoot(TestModels.SCRATCH);
    private static final String HEADER = "\\* toy with an action property\n\\* expect: pass\n\\* module: MCToy\n";

    @TempDir
    Path dir;

    private Model toy(final String cfgBody) throws Exception {
        try (Stream<Path> files = Files.list(TestModels.dir())) {
            for (final Path tla : files.filter(f -> f.toString().endsWith(".tla")).toList()) {
                Files.copy(tla, dir.resolve(tla.getFileName()));
            }
        }
        final Path cfg = Files.writeString(dir.resolve("MC_toy_steps.cfg"), HEADER
                + "CONSTANTS\n  Limit = 2\n  Procs <- MCProcs\n" + cfgBody);
        return Model.of(cfg, "test");
    }

    private static Model derived(final Model m) throws Exception {
        final Path out = Files.createDirectories(m.directory().resolve("derived"));
        return StepChecks.of(m, SpecDefinitions.scan(m.directory())).write(out);
    }

    @Test
    void aStepBackIntoASeenStateThatBreaksThePropertyBreaksItsInvariant() throws Exception {
        // Reset goes from x = Limit back to the initial state: the step into a state seen before that the
        // distributed workers never check against NeverDown.
        final Model original = toy("SPECIFICATION Spec\nPROPERTY NeverDown\n");
        assertThat(ONE_JVM.check(original).property()).isEqualTo("NeverDown");
        final CheckResult r = ONE_JVM.check(derived(original));
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.INVARIANT_VIOLATED);
        assertThat(r.property()).isEqualTo(StepChecks.INVARIANT_PREFIX + "NeverDown");
        // TLC names the step after the derived next-state action; distributed mode re-checks the original in one JVM.
        assertThat(r.counterexample().states()).last().extracting(TraceState::action).isEqualTo("HacNext");
        assertThat(r.counterexample().states()).last()
                .extracting(st -> st.variables().get("hacStepOk_NeverDown").asBoolean()).isEqualTo(false);
    }

    @Test
    void aPropertyThatHoldsKeepsTheStateCountAndTheOtherChecks() throws Exception {
        final Model original = toy("SPECIFICATION FairSpec\nINVARIANTS TypeOK Bounded\n"
                + "PROPERTY LogFollowsX\nCHECK_DEADLOCK FALSE\n");
        final Model derived = derived(original);
        assertThat(derived.cfg().invariants()).containsExactly("TypeOK", "Bounded", "HacStepHolds_LogFollowsX");
        assertThat(derived.cfg().properties()).isEmpty();
        assertThat(derived.cfg().text()).contains("CHECK_DEADLOCK FALSE").contains("INIT HacInit");
        final CheckResult one = ONE_JVM.check(original);
        final CheckResult steps = ONE_JVM.check(derived);
        assertThat(one.outcome()).isEqualTo(Outcome.PASS);
        assertThat(steps.outcome()).as(steps.message()).isEqualTo(Outcome.PASS);
        assertThat(steps.distinctStates()).isEqualTo(one.distinctStates());
    }

    @Test
    void aPropertyOfAnotherShapeIsRefusedWithItsConfigLine() throws Exception {
        final Model m = toy("SPECIFICATION Spec\nPROPERTY TwoBoxes\n");
        assertThatThrownBy(() -> StepChecks.of(m, SpecDefinitions.scan(m.directory())))
                .isInstanceOf(BadModelException.class).hasMessageContaining("MC_toy_steps.cfg:8")
                .hasMessageContaining("not a single [][A]_v formula");
    }

    @Test
    void theBoxIsSplitAtItsOwnClosingBracket() {
        final StepChecks.Box b = StepChecks.Box.parse("[][x' = [y EXCEPT ![\"]\"] = 1] /\\ z' \\in {1}]_<<x, y>> /\\ WF_x(A)");
        assertThat(b.action()).isEqualTo("x' = [y EXCEPT ![\"]\"] = 1] /\\ z' \\in {1}");
        assertThat(b.subscript()).isEqualTo("<<x, y>>");
        assertThat(b.rest()).isEqualTo(" /\\ WF_x(A)");
        assertThat(StepChecks.Box.parse("<>[][x' = x]_x")).isNull();
    }
}
