package dev.hac.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed event logs are rejected with the line number and the field. */
class EventLogTest {

    private static final String HEADER = "{\"params\": {\"Cap\": 1, \"Policy\": \"bypass\", \"K\": 1, \"Overflow\": \"drop\"}}";
    private static final String EMIT = "{\"step\": 1, \"action\": \"VmEmit\", \"args\": {\"v\": \"c1\"}, \"state\": "
            + "{\"vmSeq\": {\"c1\": 1, \"p1\": 0}, \"epoch\": {\"c1\": 1}, \"buf\": {\"c1\": [{\"seq\": 1, \"epoch\": 1}]}}}";
    private static final String SEND = "{\"step\": 2, \"action\": \"NicTransmit\", \"args\": {}, \"state\": {\"highStreak\": 0}}";

    @TempDir
    Path dir;

    private EventLog read(final String... lines) throws Exception {
        return EventLog.read(Files.write(dir.resolve("log.ndjson"), java.util.List.of(lines)), Map.of());
    }

    @Test
    void readsTheConstantsFromTheHeaderAndTheVmsFromTheFirstState() throws Exception {
        final EventLog log = read(HEADER, EMIT, SEND);
        assertThat(log.constants().ckptVms()).containsExactly("c1");
        assertThat(log.constants().plainVms()).containsExactly("p1");
        assertThat(log.lines()).extracting(EventLog.Line::lineNo).containsExactly(2, 3);
        assertThat(log.lines().get(0).state().get("vmSeq").has("#map")).isTrue();
        assertThat(log.lines().get(0).state().get("buf").get("#map").get(0).get(1).get(0).has("seq")).isTrue();
    }

    @Test
    void aCommandLineConstantWinsOverTheHeader() throws Exception {
        final EventLog log = EventLog.read(Files.write(dir.resolve("l.ndjson"), java.util.List.of(HEADER, EMIT)),
                Map.of("Cap", JsonNodeFactory.instance.numberNode(4)));
        assertThat(log.constants().cap()).isEqualTo(4);
    }

    @Test
    void namesTheLineThatIsNotJson() {
        assertThatThrownBy(() -> read(HEADER, EMIT, "{\"step\": 2, \"action\": "))
                .isInstanceOf(BadLogException.class).hasMessageContaining("log.ndjson:3").hasMessageContaining("not a JSON object")
                .satisfies(e -> assertThat(((BadLogException) e).line()).isEqualTo(3));
    }

    @Test
    void namesAMissingOrUnknownAction() {
        assertThatThrownBy(() -> read(HEADER, EMIT, SEND.replace("NicTransmit", "NicSend")))
                .isInstanceOf(BadLogException.class).hasMessageContaining("log.ndjson:3: field action")
                .hasMessageContaining("\"NicSend\"");
    }

    @Test
    void namesAGapInTheSteps() {
        assertThatThrownBy(() -> read(HEADER, EMIT, SEND.replace("\"step\": 2", "\"step\": 4")))
                .isInstanceOf(BadLogException.class).hasMessageContaining("log.ndjson:3: field step")
                .hasMessageContaining("expected 2");
    }

    @Test
    void namesAVariableOfTheWrongType() {
        assertThatThrownBy(() -> read(HEADER, EMIT, SEND.replace("\"highStreak\": 0", "\"highStreak\": -1")))
                .isInstanceOf(BadLogException.class).hasMessageContaining("log.ndjson:3: field state.highStreak")
                .hasMessageContaining("a natural number");
        assertThatThrownBy(() -> read(HEADER, EMIT.replace("\"p1\": 0}, \"epoch\"", "\"p1\": true}, \"epoch\"")))
                .isInstanceOf(BadLogException.class).hasMessageContaining("field state.vmSeq.#map[1][1]");
    }

    @Test
    void namesAWrongArgument() {
        assertThatThrownBy(() -> read(HEADER, EMIT.replace("{\"v\": \"c1\"}", "{\"vm\": \"c1\"}")))
                .isInstanceOf(BadLogException.class).hasMessageContaining("log.ndjson:2: field args.v");
    }

    @Test
    void saysWhichConstantIsMissingAndHowToGiveIt() {
        assertThatThrownBy(() -> read(EMIT, SEND))
                .isInstanceOf(BadLogException.class).hasMessageContaining("Cap").hasMessageContaining("--param");
    }
}
