package dev.hac.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.spec.itf.ItfFormatException;
import dev.hac.spec.itf.ItfReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Traces from elsewhere are checked against the contract before anything is replayed. */
class ConformanceTraceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EMIT = Path.of("src", "test", "resources", "traces", "emit.itf.json");

    private static ConformanceTrace edited(final Consumer<ObjectNode> edit) throws Exception {
        final ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(EMIT));
        edit.accept(root);
        return ConformanceTrace.of("edited.itf.json", ItfReader.fromJson("edited.itf.json", root));
    }

    private static ObjectNode state(final ObjectNode root, final int i) {
        return (ObjectNode) root.get("states").get(i);
    }

    @Test
    void readsAHandWrittenTraceWithItsStepsAndConstants() throws Exception {
        final ConformanceTrace t = ConformanceTrace.read(EMIT);
        assertThat(t.steps()).extracting(ConformanceTrace.Step::action).containsExactly("VmEmit", "VmEmit");
        assertThat(t.steps().get(0).args()).containsEntry("v", "c1");
        assertThat(t.constants().ckptVms()).containsExactly("c1");
        assertThat(t.constants().plain()).containsEntry("Cap", 1).containsEntry("Policy", "bypass");
    }

    @Test
    void rejectsAnUnknownActionWithItsPath() {
        assertThatThrownBy(() -> edited(r -> state(r, 1).put("mbt::actionTaken", "VmSend")))
                .isInstanceOf(ItfFormatException.class)
                .hasMessageContaining("edited.itf.json").hasMessageContaining("$.states[1].mbt::actionTaken")
                .hasMessageContaining("one of the actions").hasMessageContaining("\"VmSend\"");
    }

    @Test
    void rejectsAnArgumentThatIsNotAVmOfTheModel() {
        assertThatThrownBy(() -> edited(r -> ((ObjectNode) state(r, 1).get("mbt::nondetPicks")).put("v", "c9")))
                .isInstanceOf(ItfFormatException.class)
                .hasMessageContaining("$.states[1].mbt::nondetPicks.v").hasMessageContaining("a VM id of [c1, p1]");
    }

    @Test
    void rejectsAValueOfTheWrongTypeAtItsPath() {
        assertThatThrownBy(() -> edited(r -> state(r, 2).put("highStreak", "none")))
                .isInstanceOf(ItfFormatException.class)
                .hasMessageContaining("$.states[2].highStreak").hasMessageContaining("a natural number");
        assertThatThrownBy(() -> edited(r -> ((ArrayNode) state(r, 2).get("txNormal")).addObject().put("vm", "p1")))
                .isInstanceOf(ItfFormatException.class)
                .hasMessageContaining("$.states[2].txNormal[1]").hasMessageContaining("a record with fields [seq, vm]");
        assertThatThrownBy(() -> edited(r -> state(r, 1).putObject("vmSeq").put("c1", 1)))
                .isInstanceOf(ItfFormatException.class)
                .hasMessageContaining("$.states[1].vmSeq").hasMessageContaining("a function over [c1, p1]");
    }

    @Test
    void rejectsATraceWithoutVars() {
        assertThatThrownBy(() -> edited(r -> r.remove("vars")))
                .isInstanceOf(ItfFormatException.class).hasMessageContaining("$.vars");
    }

    @Test
    void rejectsAGapInTheStateIndices() {
        assertThatThrownBy(() -> edited(r -> ((ObjectNode) state(r, 2).get("#meta")).put("index", 3)))
                .isInstanceOf(ItfFormatException.class)
                .hasMessageContaining("$.states[2].#meta.index").hasMessageContaining("the state's position 2");
    }

    @Test
    void rejectsConstantsThatContradictEachOther() {
        assertThatThrownBy(() -> edited(r -> state(r, 0).putObject("PlainVMs").putArray("#set").add("p1").add("c1")))
                .isInstanceOf(ItfFormatException.class)
                .hasMessageContaining("$.states[0].PlainVMs").hasMessageContaining("disjoint from CkptVMs");
        assertThatThrownBy(() -> edited(r -> state(r, 0).put("Policy", "fifo")))
                .isInstanceOf(ItfFormatException.class)
                .hasMessageContaining("$.states[0].Policy").hasMessageContaining("[bypass, strict]");
    }

    @Test
    void rejectsATraceWithoutTheConstants() {
        assertThatThrownBy(() -> edited(r -> r.remove("params")))
                .isInstanceOf(ItfFormatException.class).hasMessageContaining("$.params");
    }

    @Test
    void rejectsAVariableOutsideTheContract() {
        assertThatThrownBy(() -> edited(r -> {
            ((ArrayNode) r.get("vars")).add("queue");
            r.get("states").forEach(s -> ((ObjectNode) s).putArray("queue"));
        })).isInstanceOf(ItfFormatException.class).hasMessageContaining("$.vars[13]").hasMessageContaining("\"queue\"");
    }

    @Test
    void acceptsQuintStyleOptionPicksAndASubsetOfVariables() throws Exception {
        final ConformanceTrace t = edited(r -> {
            ((ObjectNode) state(r, 1).get("mbt::nondetPicks")).putObject("v").put("tag", "Some").put("value", "c1");
            r.set("vars", JSON.createArrayNode().add("vmSeq").add("buf"));
        });
        assertThat(t.steps().get(0).args()).containsEntry("v", "c1");
        assertThat(t.variables(1)).containsOnlyKeys("vmSeq", "buf");
    }
}
