package dev.hac.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hac.adapter.ReferenceAdapter;
import dev.hac.spec.Model;
import dev.hac.spec.ModelRepository;
import dev.hac.spec.Scratch;
import dev.hac.spec.itf.ItfWriter;
import dev.hac.vocabulary.Action;
import dev.hac.vocabulary.Variable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TLC -simulate traces of MC_simulate: deep, with exact recorded steps, replayable, and catching faults. */
class SimulationTracesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 7;

    private static Scratch scratch;
    private static Model model;
    private static SimulationTraces.Simulation simulation;

    @BeforeAll
    static void simulate() throws Exception {
        scratch = Scratch.create(Path.of("target", "hac", "test"), "simulation");
        model = ModelRepository.embedded().model("MC_simulate", scratch);
        simulation = SimulationTraces.generate(model, scratch, 12, 100, SEED, System.out::println);
        System.out.printf("%d traces, %d steps, deepest %d, mean %.1f, TLC %s%n", simulation.traces().size(),
                simulation.steps(), simulation.maxSteps(), simulation.meanSteps(), simulation.tlcTime());
    }

    @AfterAll
    static void clean() {
        scratch.close();
    }

    @Test
    void simulationGivesTheRequestedNumberOfDeepTraces() {
        assertThat(simulation.traces()).hasSize(12);
        assertThat(simulation.maxSteps()).isGreaterThan(30);
        assertThat(simulation.meanSteps()).isGreaterThan(20);
    }

    @Test
    void theSimulationModelsConstantsReachTheTraces() {
        final ModelConstants c = simulation.traces().get(0).constants();
        assertThat(c.ckptVms()).containsExactly("c1", "c2");
        assertThat(c.plainVms()).containsExactly("p1");
        assertThat(c.plain()).containsEntry("Cap", 2).containsEntry("Policy", "bypass").containsEntry("K", 2)
                .containsEntry("Overflow", "early").containsEntry("MaxFailAt", 60);
    }

    @Test
    void everyStateAfterTheFirstNamesItsActionAndArgumentsAndTheBookkeepingIsGone() throws Exception {
        for (final ConformanceTrace t : simulation.traces()) {
            final JsonNode itf = JSON.readTree(ItfWriter.toString(t.itf()));
            assertThat(itf.get("vars")).extracting(JsonNode::textValue).containsExactlyInAnyOrderElementsOf(Variable.NAMES);
            final JsonNode states = itf.get("states");
            for (int i = 1; i < states.size(); i++) {
                assertThat(states.get(i).has("mbt::actionTaken")).as("%s state %d", t.source(), i).isTrue();
                assertThat(states.get(i).get("mbt::nondetPicks").isObject()).as("%s state %d", t.source(), i).isTrue();
                assertThat(states.get(i).has(SimulationTraces.RECORD)).isFalse();
            }
        }
        final List<String> actions = simulation.traces().stream()
                .flatMap(t -> t.steps().stream().map(ConformanceTrace.Step::action)).distinct().toList();
        assertThat(actions).as("SimNext records every action of Next").containsExactlyInAnyOrderElementsOf(
                Action.NAMES);
    }

    @Test
    void theReferenceImplementationFollowsEverySimulatedStep() {
        final Replayer replayer = new Replayer(new ReferenceAdapter(), null, Replayer.Listener.NONE);
        final List<Divergence> divergences = replayer.replay(simulation.traces());
        divergences.stream().limit(1).forEach(d -> System.out.println(d.describe()));
        assertThat(divergences).isEmpty();
        assertThat(replayer.coverage().steps()).isEqualTo(simulation.steps());
        assertThat(replayer.coverage().maxDepth()).isEqualTo(simulation.maxSteps());
    }

    @Test
    void releasingOneEpochEarlyIsCaughtBySimulatedTracesToo() {
        final List<Divergence> found = new Replayer(new MutantAdapters.ReleasesOneEpochEarly(), null,
                Replayer.Listener.NONE).failFast(true).replay(simulation.traces());
        assertThat(found).hasSize(1);
        assertThat(found.get(0).action()).isEqualTo("PrimaryReceiveAck");
        assertThat(found.get(0).trace()).contains("MC_simulate-sim-");
    }

    @Test
    void takingOverFromTheInflightCheckpointIsCaughtBySimulatedTracesToo() {
        final List<Divergence> found = new Replayer(new MutantAdapters.TakesOverFromInflightCheckpoint(), null,
                Replayer.Listener.NONE).failFast(true).replay(simulation.traces());
        assertThat(found).hasSize(1);
    }

    @Test
    void theSameSeedGivesTheSameTraces() throws Exception {
        final SimulationTraces.Simulation again = SimulationTraces.generate(model, scratch, 3, 100, SEED, s -> { });
        for (int i = 0; i < 3; i++) {
            assertThat(ItfWriter.toJson(again.traces().get(i).itf()).get("states"))
                    .isEqualTo(ItfWriter.toJson(simulation.traces().get(i).itf()).get("states"));
        }
    }

    @Test
    void aBehaviourWithoutTheStepRecordIsRefusedNamingFileAndLine() throws IOException {
        final Path file = scratch.dir("bad").resolve("trace_0_0");
        Files.writeString(file, """
                ---- MODULE trace_0_0 ----
                STATE_1 ==
                /\\ primaryUp = TRUE

                STATE_2 ==
                /\\ primaryUp = FALSE
                ====
                """);
        final ModelConstants constants = simulation.traces().get(0).constants();
        assertThatThrownBy(() -> SimulationTraces.read(file, "bad", constants, "test"))
                .isInstanceOf(IOException.class).hasMessageStartingWith(file + ":2: STATE_1 has no record mbtAction");
    }

    @Test
    void aModelWithSymmetryIsRefusedForSimulation() throws Exception {
        final Path cfg = model.directory().resolve("MC_simulate_symmetric.cfg");
        Files.writeString(cfg, Files.readString(model.cfgFile()) + "SYMMETRY Symmetry\n");
        assertThatThrownBy(() -> SimulationTraces.generate(Model.of(cfg, "test"), scratch, 1, 10, 1, s -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("SYMMETRY merges states");
    }
}
