package dev.hac.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyActionWithAVmArgumentNamesTheVariableItChangesAtThatVm() {
        for (final Action a : Action.values()) {
            final boolean vmArgument = a.argument() == Argument.ANY_VM || a.argument() == Argument.CKPT_VM;
            assertThat(a.changedAtVm() != null).as(a.id()).isEqualTo(vmArgument);
            assertThat(Action.named(a.id())).isSameAs(a);
        }
        assertThat(Action.named("NicSend")).isNull();
        assertThat(Variable.named("highStreak")).isSameAs(Variable.HIGH_STREAK);
    }

    @Test
    void argumentsAreBuiltUnderTheArgumentsName() {
        assertThat(Action.VM_EMIT.args("c1")).isEqualTo(Map.of("v", "c1"));
        assertThat(Action.PRIMARY_DETECT_SECONDARY_LOSS.args(List.of("c1"))).isEqualTo(Map.of("order", List.of("c1")));
        assertThatThrownBy(() -> Action.NIC_TRANSMIT.args("c1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Action.VM_EMIT.args()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void canonicalFormEquatesTheSameTlaValueWrittenDifferently() throws Exception {
        final JsonNode a = JSON.readTree("{\"#set\": [2, {\"#bigint\": \"1\"}]}");
        final JsonNode b = JSON.readTree("{\"#set\": [1, 2, 2]}");
        assertThat(ItfValues.same(a, b)).isTrue();
        assertThat(ItfValues.same(JSON.readTree("{\"#map\": [[\"c2\", 0], [\"c1\", 1]]}"),
                JSON.readTree("{\"#map\": [[\"c1\", 1], [\"c2\", 0]]}"))).isTrue();
        assertThat(ItfValues.same(JSON.readTree("{\"#tup\": [1]}"), JSON.readTree("[1]"))).isTrue();
        assertThat(ItfValues.same(JSON.readTree("[1, 2]"), JSON.readTree("[2, 1]"))).isFalse();
    }

    @Test
    void integersBeyondJsonPrecisionBecomeBigints() {
        assertThat(ItfValues.integer(ItfValues.JSON_SAFE).isIntegralNumber()).isTrue();
        final JsonNode big = ItfValues.integer(ItfValues.JSON_SAFE.add(BigInteger.ONE));
        assertThat(big.get(ItfValues.BIGINT).textValue()).isEqualTo("9007199254740992");
        assertThat(ItfValues.integerValue(big)).isEqualTo(ItfValues.JSON_SAFE.add(BigInteger.ONE));
    }

    @Test
    void plainValuesRoundTripThroughItf() {
        final Set<String> vms = Set.of("c1");
        final JsonNode f = ItfValues.toItf(Map.of("c1", List.of(Map.of("seq", 1))), vms);
        assertThat(f.has(ItfValues.MAP)).isTrue();
        assertThat(ItfValues.toPlain(f)).isEqualTo(Map.of("c1", List.of(Map.of("seq", 1))));
        assertThat(ItfValues.show(f)).isEqualTo("(\"c1\" :> <<[seq |-> 1]>>)");
    }
}
