package dev.hac.spec.tla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hac.vocabulary.TlaValueFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TlaValueParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TlaValueParser parser = TlaValueParser.standard();

    private static JsonNode json(final String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '§', quoteCharacter = '`', value = {
        "42 § 42",
        "-7 § -7",
        "TRUE § true",
        "FALSE § false",
        "\"c1\" § 'c1'",
        "m1 § 'm1'",
        "<<>> § []",
        "<<1, \"a\", <<2>>>> § [1, 'a', [2]]",
        "{} § {'#set': []}",
        "{1, 2} § {'#set': [1, 2]}",
        "1..3 § {'#set': [1, 2, 3]}",
        "[seq |-> 1, epoch |-> 2] § {'seq': 1, 'epoch': 2}",
        "(\"c1\" :> 0 @@ \"c2\" :> -1) § {'#map': [['c1', 0], ['c2', -1]]}",
        "(1 :> [a |-> {}]) § {'#map': [[1, {'a': {'#set': []}}]]}",
        "9007199254740991 § 9007199254740991",
        "9007199254740992 § {'#bigint': '9007199254740992'}",
        "-12345678901234567890 § {'#bigint': '-12345678901234567890'}",
        "\"say \\\"hi\\\"\\n\" § 'say \\'hi\\'\\n'",
    })
    void readsEveryValueFormTlcPrints(final String tla, final String itf) throws Exception {
        assertThat(parser.parseValue(tla)).isEqualTo(json(itf));
    }

    @Test
    void readsRecordsKeyedByTheFunctionDomainAsMaps() throws Exception {
        final TlaValueParser vms = parser.withFunctionDomain(List.of("c1", "c2", "p1"));
        assertThat(vms.parseValue("[c1 |-> <<[seq |-> 1, epoch |-> 1]>>, c2 |-> <<>>]"))
                .isEqualTo(json("{'#map': [['c1', [{'seq': 1, 'epoch': 1}]], ['c2', []]]}"));
        assertThat(vms.parseValue("[vm |-> \"c1\", seq |-> 3]")).isEqualTo(json("{'vm': 'c1', 'seq': 3}"));
    }

    @Test
    void readsAStateAsTlcPrintsItInVariableOrder() throws Exception {
        final Map<String, JsonNode> state = parser.parseState(
                "/\\ owner = [a |-> 0, b |-> 1]\n/\\ x = 1\n/\\ log = <<[who |-> \"b\", n |-> 1]>>\n");
        assertThat(state.keySet()).containsExactly("owner", "x", "log");
        assertThat(state.get("log")).isEqualTo(json("[{'who': 'b', 'n': 1}]"));
        assertThat(parser.parseState("x = 3")).containsEntry("x", json("3"));
    }

    @Test
    void reportsLineAndColumnOfABadToken() {
        assertThatThrownBy(() -> parser.parseState("/\\ x = 1\n/\\ y = <<1, 2"))
                .isInstanceOfSatisfying(TlaSyntaxException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(14);
                    assertThat(e.getMessage()).contains("expected ',' or '>>' but the text ended");
                });
        assertThatThrownBy(() -> parser.parseValue("[a |-> 1, a |-> 2]"))
                .hasMessageContaining("record field 'a' appears twice");
        assertThatThrownBy(() -> parser.parseValue("[x \\in S |-> 1]"))
                .hasMessageContaining("is an expression, not a value");
        assertThatThrownBy(() -> parser.parseState("/\\ x = 1 /\\ x = 2"))
                .hasMessageContaining("variable 'x' appears twice");
    }

    @Test
    void knowsWhichStringsWereModelValuesAndCanPrintThemBare() {
        assertThat(parser.modelValuesIn("{c1, c2}")).containsExactly("c1", "c2");
        assertThat(parser.modelValuesIn("[vm |-> \"p1\", up |-> TRUE]")).isEmpty();
        final JsonNode frame = parser.parseValue("<<[vm |-> c1, seq |-> 1], [vm |-> \"c1\", seq |-> 2]>>");
        assertThat(TlaValueFormatter.format(frame, java.util.Set.of("c1")))
                .isEqualTo("<<[vm |-> c1, seq |-> 1], [vm |-> c1, seq |-> 2]>>");
        assertThat(TlaValueFormatter.format(frame)).isEqualTo("<<[vm |-> \"c1\", seq |-> 1], [vm |-> \"c1\", seq |-> 2]>>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "<<1,", "{1 2}", "\"open", "[a |-> ]", "1 2", "Foo(1)", "\"\\q\""})
    void rejectsMalformedText(final String tla) {
        assertThatThrownBy(() -> parser.parseValue(tla)).isInstanceOf(TlaSyntaxException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[buf |-> (\"c1\" :> <<[seq |-> 1, epoch |-> 1]>> @@ \"c2\" :> <<>>), up |-> TRUE]",
        "{<<1, -2>>, <<\"x\\\\y\">>, {}}",
        "[mode |-> \"protected\", big |-> 123456789012345678901234567890]",
    })
    void formatterIsTheParsersInverse(final String tla) {
        final JsonNode parsed = parser.parseValue(tla);
        assertThat(parser.parseValue(TlaValueFormatter.format(parsed))).isEqualTo(parsed);
    }
}
