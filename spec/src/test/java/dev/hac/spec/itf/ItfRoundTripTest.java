package dev.hac.spec.itf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.spec.tla.TlaValueParser;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItfRoundTripTest {

    private static final TlaValueParser TLA = TlaValueParser.standard().withFunctionDomain(List.of("c1", "c2"));

    private static ItfTrace lasso() {
        final ObjectNode meta = JsonNodeFactory.instance.objectNode().put("source", "MC_test.cfg");
        final Map<String, JsonNode> first = new LinkedHashMap<>();
        first.put("Cap", TLA.parseValue("2"));
        first.putAll(TLA.parseState("/\\ buf = [c1 |-> <<>>, c2 |-> <<>>]\n/\\ mode = \"protected\""));
        final ItfState s0 = new ItfState(0, "init", null, first, JsonNodeFactory.instance.objectNode());
        final ItfState s1 = new ItfState(1, "VmEmit", JsonNodeFactory.instance.objectNode().put("v", "c1"),
                TLA.parseState("/\\ buf = [c1 |-> <<[seq |-> 1, epoch |-> 1]>>, c2 |-> <<>>]\n/\\ mode = \"protected\""),
                JsonNodeFactory.instance.objectNode().put("location", "line 3, col 1 of module M"));
        return new ItfTrace(meta, List.of("Cap"), List.of("buf", "mode"), List.of(s0, s1), 0);
    }

    @Test
    void writesTheFieldsOfTheFormat() {
        final JsonNode json = ItfWriter.toJson(lasso());
        assertThat(json.get("params").get(0).asText()).isEqualTo("Cap");
        assertThat(json.get("loop").asInt()).isZero();
        assertThat(json.get("states").get(0).has("Cap")).isTrue();
        assertThat(json.get("states").get(1).get("#meta").get("index").asInt()).isEqualTo(1);
        assertThat(json.get("states").get(1).get("mbt::actionTaken").asText()).isEqualTo("VmEmit");
        assertThat(json.get("states").get(1).get("mbt::nondetPicks").get("v").asText()).isEqualTo("c1");
        assertThat(json.get("states").get(1).get("buf").get("#map").get(0).get(1).get(0).get("seq").asInt())
                .isEqualTo(1);
    }

    @Test
    void readsBackWhatItWrote(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("sub/trace.itf.json");
        ItfWriter.write(lasso(), file);
        assertThat(ItfReader.read(file)).isEqualTo(lasso());
    }

    @Test
    void namesFileAndJsonPathOfAMissingVariable() {
        final String json = "{\"vars\": [\"x\", \"y\"], \"states\": [{\"x\": 1, \"y\": 2}, {\"x\": 2}]}";
        assertThatThrownBy(() -> ItfReader.read("t.itf.json", json))
                .isInstanceOfSatisfying(ItfFormatException.class, e -> {
                    assertThat(e.source()).isEqualTo("t.itf.json");
                    assertThat(e.jsonPath()).isEqualTo("$.states[1].y");
                    assertThat(e.getMessage()).contains("a value for the variable 'y'");
                });
    }

    @Test
    void rejectsTextAfterTheDocument() {
        assertThatThrownBy(() -> ItfReader.read("t.json", "{\"vars\":[],\"states\":[]} garbage"))
                .isInstanceOf(ItfFormatException.class).hasMessageContaining("t.json").hasMessageContaining("well-formed JSON");
    }

    @Test
    void checksTheActionArgumentsAsItfValues() {
        assertThatThrownBy(() -> ItfReader.read("t.json",
                "{\"vars\":[],\"states\":[{\"mbt::nondetPicks\":{\"v\":1.5}}]}"))
                .isInstanceOf(ItfFormatException.class)
                .satisfies(e -> assertThat(((ItfFormatException) e).jsonPath()).isEqualTo("$.states[0].mbt::nondetPicks.v"));
    }

    @Test
    void namesTheFileAndLineOfBytesThatAreNotUtf8(@TempDir final Path dir) throws Exception {
        final Path file = java.nio.file.Files.write(dir.resolve("latin1.itf.json"),
                "{\"vars\":[\"m\"],\n\"states\":[{\"m\":\"\u00e9\"}]}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ItfReader.read(file))
                .isInstanceOf(ItfFormatException.class).hasMessageContaining("latin1.itf.json")
                .hasMessageContaining("line 2").hasMessageContaining("UTF-8");
    }

    @Test
    void rejectsMalformedValuesWithTheirPath() {
        assertThatThrownBy(() -> ItfReader.read("t", "{\"vars\": [\"s\"], \"states\": [{\"s\": {\"#set\": 3}}]}"))
                .hasMessageContaining("at $.states[0].s: expected {\"#set\": [...]}");
        assertThatThrownBy(() -> ItfReader.read("t", "{\"vars\": [\"m\"], \"states\": [{\"m\": {\"#map\": [[1]]}}]}"))
                .hasMessageContaining("at $.states[0].m.#map[0]: expected a [key, value] pair");
        assertThatThrownBy(() -> ItfReader.read("t", "{\"vars\": [\"b\"], \"states\": [{\"b\": {\"#bigint\": \"1x\"}}]}"))
                .hasMessageContaining("$.states[0].b");
        assertThatThrownBy(() -> ItfReader.read("t", "{\"vars\": [], \"states\": [{}], \"loop\": 1}"))
                .hasMessageContaining("at $.loop: expected a state index in [0, 1)");
        assertThatThrownBy(() -> ItfReader.read("t", "{\"vars\": [], \"states\": [{\"#meta\": {\"index\": 4}}]}"))
                .hasMessageContaining("$.states[0].#meta.index");
        assertThatThrownBy(() -> ItfReader.read("t", "{\"vars\": [}"))
                .hasMessageContaining("t: at line 1, column 11: expected well-formed JSON");
    }

    /** One state holding {@code v}: the value a reader must refuse, at the path it must name. */
    private static String stateWith(final String v) {
        return "{\"vars\": [\"x\"], \"states\": [{\"x\": " + v + "}]}";
    }

    @Test
    void everyMalformedShapeOfAValueIsRefusedAtItsPathSayingWhatWasExpected() {
        final String[][] cases = {
            {"{\"#bigint\": \"12\", \"extra\": 1}", "at $.states[0].x: expected {\"#bigint\": \"[-][0-9]+\"}"},
            {"{\"#bigint\": 12}", "at $.states[0].x: expected {\"#bigint\": \"[-][0-9]+\"}"},
            {"{\"#tup\": [1], \"extra\": 1}", "at $.states[0].x: expected {\"#tup\": [...]}"},
            {"{\"#set\": [1, 2.5]}", "at $.states[0].x.#set[1]: expected an ITF value"},
            {"{\"#map\": [[1, 2]], \"extra\": 1}", "at $.states[0].x: expected {\"#map\": [[key, value], ...]}"},
            {"{\"#map\": {\"a\": 1}}", "at $.states[0].x: expected {\"#map\": [[key, value], ...]}"},
            {"{\"#map\": [7]}", "at $.states[0].x.#map[0]: expected a [key, value] pair, found 7"},
            {"{\"#map\": [[1, 2, 3]]}", "at $.states[0].x.#map[0]: expected a [key, value] pair"},
            {"{\"#map\": [[1, null]]}", "at $.states[0].x.#map[0][1]: expected an ITF value"},
            {"{\"f\": {\"#secret\": 1}}", "at $.states[0].x.f.#secret: expected a record field"},
            {"[1, {\"g\": null}]", "at $.states[0].x[1].g: expected an ITF value"},
            {"null", "at $.states[0].x: expected an ITF value (string, integer, boolean, array or object), found null"},
            // found by a one-hour itf campaign: 1e400 was read as a double (Infinity) and written back as a string
            {"{\"#unserializable\": 1e400}", "at $.states[0].x: expected {\"#unserializable\": \"...\"}"},
            {"{\"#unserializable\": \"f\", \"extra\": 1}", "at $.states[0].x: expected {\"#unserializable\": \"...\"}"},
        };
        for (final String[] c : cases) {
            assertThatThrownBy(() -> ItfReader.read("t.itf.json", stateWith(c[0]))).as(c[0])
                    .isInstanceOfSatisfying(ItfFormatException.class, e -> assertThat(e.source()).isEqualTo("t.itf.json"))
                    .hasMessageContaining(c[1]);
        }
        for (final String ok : new String[] {"{\"#bigint\": \"-123456789012345678901234567890\"}", "{\"#unserializable\": \"LAMBDA\"}",
                "{\"#map\": []}", "{\"#tup\": []}", "{\"r\": {\"#set\": [\"a\", true, 3]}}"}) {
            assertThat(catchThrowableOfReading(stateWith(ok))).as(ok).isNull();
        }
    }

    @Test
    void aFieldThatIsNeitherAVariableNorMetadataIsStillCheckedAsAValue() {
        assertThatThrownBy(() -> ItfReader.read("t", "{\"vars\": [], \"states\": [{\"stray\": null}]}"))
                .hasMessageContaining("at $.states[0].stray: expected an ITF value");
        assertThat(catchThrowableOfReading("{\"vars\": [], \"states\": [{\"stray\": 1, \"mbt::x\": null, \"#y\": null}]}"))
                .isNull();
    }

    @Test
    void aMissingParameterIsNamedAsOne() {
        assertThatThrownBy(() -> ItfReader.read("t", "{\"params\": [\"Cap\"], \"vars\": [], \"states\": [{}]}"))
                .hasMessageContaining("at $.states[0].Cap: expected a value for the parameter 'Cap' (listed in the trace's 'params')");
    }

    private static Throwable catchThrowableOfReading(final String json) {
        return org.assertj.core.api.Assertions.catchThrowable(() -> ItfReader.read("t", json));
    }

    @Test
    void mbtNamesInVarsAreTheStepsMetadataNotVariables() throws Exception {
        final ItfTrace t = ItfReader.read("quint.itf.json", "{\"vars\": [\"x\", \"mbt::actionTaken\", \"mbt::nondetPicks\"], "
                + "\"states\": [{\"#meta\": {\"index\": 0}, \"x\": {\"#bigint\": \"0\"}, \"mbt::actionTaken\": \"init\", "
                + "\"mbt::nondetPicks\": {\"v\": {\"tag\": \"None\", \"value\": {\"#tup\": []}}}}]}");
        assertThat(t.vars()).containsExactly("x");
        assertThat(t.states().get(0).actionTaken()).isEqualTo("init");
        assertThat(t.states().get(0).values()).containsOnlyKeys("x");
    }
}
