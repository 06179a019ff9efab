package dev.hac.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hac.vocabulary.BadLogException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FencedTraceTest {

    @TempDir
    Path dir;

    private static String header(final String host, final String role) {
        return "{\"params\": {\"CkptVMs\": [\"c1\"], \"PlainVMs\": [\"p1\"], \"Cap\": 4}, \"writer\": {\"spec\": \"Fencing\", "
                + "\"host\": \"" + host + "\", \"role\": \"" + role + "\", \"gen\": 3}}";
    }

    private static final String EMIT_C1 = "{\"step\": 1, \"action\": \"VmEmit\", \"args\": {\"v\": \"c1\"}, \"state\": "
            + "{\"mode\": \"protected\", \"vmSeq\": {\"c1\": 1, \"p1\": 0}, \"epoch\": {\"c1\": 1}, "
            + "\"buf\": {\"c1\": [{\"seq\": 1, \"epoch\": 1}]}, \"txHigh\": [], \"wire\": []}}";
    private static final String EMIT_P1 = "{\"step\": 2, \"action\": \"VmEmit\", \"args\": {\"v\": \"p1\"}, \"state\": {}}";

    private Path log(final String name, final String... lines) throws Exception {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    @Test
    void aPrimaryLogBecomesStepsOfItsHostWithTheOrdinaryVmLeftOutAndGenerationsFromOne() throws Exception {
        final Path p = log("p.ndjson", header("a", "primary"), EMIT_C1, EMIT_P1,
                "{\"step\": 3, \"fencing\": \"PrimaryClaimWitness\", \"args\": {\"outcome\": \"won\", \"gen\": 4}, \"state\": {}}");
        assertThat(FencedTrace.specOf(p)).isEqualTo("Fencing");
        final FencedTrace t = FencedTrace.read(List.of(p));
        assertThat(t.hosts()).containsExactly("a", FencedTrace.PEER);
        assertThat(t.leftOut()).isEqualTo(1);
        assertThat(t.lines().get("a")).extracting(FencedTrace.Line::action).containsExactly("VmEmit", "PrimaryClaimWitness");
        assertThat(t.line("a", 1).args().get("h").asText()).isEqualTo("a");
        assertThat(t.line("a", 2).state().get("gen").asLong()).isEqualTo(2);
    }

    @Test
    void aThirdHostIsRefusedNamingItsFileLineAndField() throws Exception {
        final Path a = log("a.ndjson", header("a", "primary"), EMIT_C1);
        final Path b = log("b.ndjson", header("b", "secondary"), EMIT_C1);
        final Path c = log("c.ndjson", header("c", "secondary"), EMIT_C1);
        assertThatThrownBy(() -> FencedTrace.read(List.of(a, b, c))).isInstanceOf(BadLogException.class)
                .hasMessageContaining("c.ndjson:1").hasMessageContaining("writer.host").hasMessageContaining("third host");
    }

    @Test
    void aTransmitThatDoesNotGrowTheWireByOneFrameIsRefusedAtItsLine() throws Exception {
        final Path p = log("p.ndjson", header("a", "primary"), EMIT_C1,
                "{\"step\": 2, \"action\": \"NicTransmit\", \"args\": {}, \"state\": {\"wire\": []}}");
        assertThatThrownBy(() -> FencedTrace.read(List.of(p))).isInstanceOf(BadLogException.class)
                .hasMessageContaining("p.ndjson:3").hasMessageContaining("state.wire");
    }

    @Test
    void logsWithoutAPrimaryOrWithoutAHeaderAreRefused() throws Exception {
        final Path s = log("s.ndjson", header("b", "secondary"), EMIT_C1);
        assertThatThrownBy(() -> FencedTrace.read(List.of(s))).isInstanceOf(BadLogException.class)
                .hasMessageContaining("no log of a primary");
        final Path bare = log("bare.ndjson", EMIT_C1);
        assertThatThrownBy(() -> FencedTrace.read(List.of(bare))).isInstanceOf(BadLogException.class)
                .hasMessageContaining("bare.ndjson:1").hasMessageContaining("header");
        assertThat(FencedTrace.specOf(bare)).isEqualTo("OutputCommit");
    }
}
