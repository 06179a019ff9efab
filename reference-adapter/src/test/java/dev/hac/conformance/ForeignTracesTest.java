package dev.hac.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.adapter.ReferenceAdapter;
import dev.hac.spec.Scratch;
import dev.hac.spec.itf.ItfFormatException;
import dev.hac.spec.itf.ItfReader;
import dev.hac.vocabulary.Variable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces as other tools write them: a trace Quint 0.33.1 wrote from spec/quint (no params,
 * every integer a #bigint, mbt:: names in vars, instance-qualified variables, option-wrapped
 * picks, PrimaryDetectSecondaryLoss without its order), and a state-only trace in the shape
 * of an Apalache counterexample. TLC labels what they do not name; one TLC run per set of
 * constants labels all of them.
 */
class ForeignTracesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TRACES = Path.of("..", "conformance", "src", "test", "resources", "traces");
    private static final Path QUINT = TRACES.resolve("quint").resolve("MC_default_27.itf.json");
    private static final Path STATE_ONLY = TRACES.resolve("state-only.itf.json");
    private static final Map<String, JsonNode> MC_DEFAULT = ModelConstants.parse(Map.of("CkptVMs", "{c1, c2}",
            "PlainVMs", "{p1}", "Cap", "2", "Policy", "strict", "K", "1", "Overflow", "backpressure"));
    private static final Map<String, JsonNode> MC_CONFORMANCE = ModelConstants.parse(Map.of("CkptVMs", "{c1}",
            "PlainVMs", "{p1}", "Cap", "1", "Policy", "bypass", "K", "1", "Overflow", "drop"));

    @TempDir
    static Path scratchRoot;

    /** The two traces and a copy of the state-only one with a step no action takes, labelled in one call. */
    private static StepLabeller.Result labelled;

    @BeforeAll
    static void labelAll() throws Exception {
        final ConformanceTrace wrong = edited(STATE_ONLY, MC_CONFORMANCE, r -> {
            // State 4 follows a NicTransmit: put a frame on the wire that was never queued.
            ((ArrayNode) state(r, 4).get("wire")).addObject().put("vm", "p1").put("seq", 7);
        });
        try (Scratch scratch = Scratch.create(scratchRoot, "label")) {
            labelled = StepLabeller.label(List.of(ConformanceTrace.read(QUINT, MC_DEFAULT),
                    ConformanceTrace.read(STATE_ONLY, MC_CONFORMANCE), wrong), scratch, line -> { });
        }
    }

    private static ConformanceTrace edited(final Path file, final Map<String, JsonNode> given,
                                           final Consumer<ObjectNode> edit) throws Exception {
        final ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(file));
        edit.accept(root);
        return ConformanceTrace.of("edited.itf.json", ItfReader.fromJson("edited.itf.json", root), given);
    }

    private static ObjectNode state(final ObjectNode root, final int i) {
        return (ObjectNode) root.get("states").get(i);
    }

    @Test
    void quintsTraceReadsAsWrittenWithTheConstantsGivenBeside() throws Exception {
        final ConformanceTrace t = ConformanceTrace.read(QUINT, MC_DEFAULT);
        assertThat(t.itf().vars()).containsExactlyInAnyOrderElementsOf(Variable.NAMES);
        assertThat(t.constants().ckptVms()).containsExactly("c1", "c2");
        assertThat(t.steps().get(0).action()).isEqualTo("VmEmit");
        assertThat(t.steps().get(0).args()).containsOnlyKeys("v");
        assertThat(t.steps()).filteredOn(s -> "PrimaryDetectSecondaryLoss".equals(s.action()))
                .singleElement().satisfies(s -> assertThat(s.labelled()).isFalse());
    }

    @Test
    void tlcLabelsTheMissingOrderAndTheReferenceImplementationFollowsQuintsTrace() {
        final ConformanceTrace quint = labelled.traces().get(0);
        assertThat(quint.labelled()).isTrue();
        final ConformanceTrace.Step drain = quint.steps().stream()
                .filter(s -> "PrimaryDetectSecondaryLoss".equals(s.action())).findFirst().orElseThrow();
        assertThat(drain.args().get("order")).asList().containsExactlyInAnyOrder("c1", "c2");
        assertThat(new Replayer(new ReferenceAdapter(), null, Replayer.Listener.NONE).replay(List.of(quint))).isEmpty();
    }

    @Test
    void tlcLabelsEveryStepOfAStateOnlyTraceAndTheReferenceImplementationFollowsIt() {
        final ConformanceTrace stateOnly = labelled.traces().get(1);
        assertThat(stateOnly.steps()).extracting(ConformanceTrace.Step::action).containsExactly("HacStartCheckpoint",
                "VmEmit", "VmEmit", "NicTransmit", "SecondaryApply", "PrimaryCrash", "SecondaryTakeover", "VmEmit",
                "NicTransmit", "VmEmit", "NicTransmit");
        assertThat(stateOnly.steps().get(0).args()).containsEntry("v", "c1");
        assertThat(labelled.tlcRuns()).isEqualTo(2);
        assertThat(labelled.labelled()).isEqualTo(12);
        assertThat(new Replayer(new ReferenceAdapter(), null, Replayer.Listener.NONE).replay(List.of(stateOnly)))
                .isEmpty();
    }

    @Test
    void aPairOfStatesNoStepRelatesIsNamedAndTheTraceIsNotReplayed() {
        assertThat(labelled.unrelated()).singleElement().satisfies(u -> {
            assertThat(u.source()).isEqualTo("edited.itf.json");
            assertThat(u.step()).isEqualTo(4);
            assertThat(u.describe()).contains("step 4").contains("not a behaviour of the spec");
        });
        assertThat(labelled.traces().get(2).labelled()).isFalse();
    }

    @Test
    void constantsComeFromParamsOrBesideAndMustAgree() throws Exception {
        assertThatThrownBy(() -> ConformanceTrace.read(QUINT))
                .isInstanceOf(ItfFormatException.class).hasMessageContaining("$.params")
                .hasMessageContaining("no value for [CkptVMs, PlainVMs, Cap, Policy, K, Overflow]");
        final Path emit = TRACES.resolve("emit.itf.json");
        assertThat(ConformanceTrace.read(emit, Map.of("Cap", JSON.getNodeFactory().numberNode(1))).constants().cap())
                .isEqualTo(1);
        assertThatThrownBy(() -> ConformanceTrace.read(emit, ModelConstants.parse(Map.of("Cap", "2"))))
                .isInstanceOf(ItfFormatException.class).hasMessageContaining("$.states[0].Cap")
                .hasMessageContaining("a constant given twice must agree");
        final ConformanceTrace big = edited(emit, Map.of(), r -> state(r, 0).putObject("K").put("#bigint", "3"));
        assertThat(big.constants().k()).isEqualTo(3);
        assertThatThrownBy(() -> ModelConstants.parse(Map.of("Cap", "{1,")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Cap={1,: not a TLA+ value");
    }

    @Test
    void qualifiedNamesResolveByTheirLastSegmentUnlessTwoShareIt() throws Exception {
        assertThatThrownBy(() -> edited(QUINT, MC_DEFAULT, r -> {
            ((ArrayNode) r.get("vars")).add("Other::wire");
            r.get("states").forEach(s -> ((ObjectNode) s).putArray("Other::wire"));
        })).isInstanceOf(ItfFormatException.class).hasMessageContaining("at $.vars:")
                .hasMessageContaining("\"MC_default::OutputCommit::wire\" and \"Other::wire\"");
    }

    @Test
    void aStateOnlyTraceMustCarryEveryVariable() throws Exception {
        final ConformanceTrace partial = edited(STATE_ONLY, MC_CONFORMANCE,
                r -> r.set("vars", JSON.createArrayNode().add("vmSeq").add("buf")));
        try (Scratch scratch = Scratch.create(scratchRoot, "partial")) {
            assertThatThrownBy(() -> StepLabeller.label(List.of(partial), scratch, line -> { }))
                    .isInstanceOf(ItfFormatException.class).hasMessageContaining("edited.itf.json: at $.vars")
                    .hasMessageContaining("step 1 names no action").hasMessageContaining("acked");
        }
    }

    @Test
    void aNamedActionWithAWrongArgumentIsStillRefusedAtItsPath() {
        assertThatThrownBy(() -> edited(QUINT, MC_DEFAULT, r -> ((ObjectNode) state(r, 1).get("mbt::nondetPicks"))
                .putObject("v").put("tag", "Some").put("value", "c9")))
                .isInstanceOf(ItfFormatException.class).hasMessageContaining("$.states[1].mbt::nondetPicks.v")
                .hasMessageContaining("c9");
    }
}
