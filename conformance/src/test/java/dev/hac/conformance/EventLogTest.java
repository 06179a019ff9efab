package dev.hac.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hac.vocabulary.BadLogException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed event logs are rejected with the line number and the field. */
class EventLogTest {

    /** A header, an emit into c1's buffer, a transmit with nothing queued (malformed only when edited). */
    private static final List<String> LOG;
    private static final String HEADER;
    private static final String EMIT;
    private static final String SEND;

    static {
        try {
            LOG = Files.readAllLines(Path.of("src", "test", "resources", "logs", "emit-send.ndjson"));
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        HEADER = LOG.get(0);
        EMIT = LOG.get(1);
        SEND = LOG.get(2);
    }

    @TempDir
    Path dir;

    private EventLog read(final String... lines) throws Exception {
        return EventLog.read(Files.write(dir.resolve("log.ndjson"), List.of(lines)), Map.of());
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
        final EventLog log = EventLog.read(Files.write(dir.resolve("l.ndjson"), List.of(HEADER, EMIT)),
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
    void rejectsTextAfterALinesObject() {
        assertThatThrownBy(() -> read(HEADER, EMIT + "}", SEND))
                .isInstanceOf(BadLogException.class).hasMessageContaining("log.ndjson:2")
                .satisfies(e -> assertThat(((BadLogException) e).line()).isEqualTo(2));
    }

    @Test
    void namesTheFileAndLineOfBytesThatAreNotUtf8() throws Exception {
        final byte[] latin1 = (HEADER + "\n" + EMIT.replace("VmEmit", "VmEmit\u00e9") + "\n").getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1);
        final Path file = Files.write(dir.resolve("latin1.ndjson"), latin1);
        assertThatThrownBy(() -> EventLog.read(file, Map.of()))
                .isInstanceOf(BadLogException.class).hasMessageContaining("latin1.ndjson:2").hasMessageContaining("not UTF-8")
                .satisfies(e -> assertThat(((BadLogException) e).line()).isEqualTo(2));
    }

    @Test
    void dropsTheIncompleteLastLineOfAKilledWriterButNotOneInTheMiddle() throws Exception {
        final String cut = SEND.substring(0, SEND.length() / 2);
        final EventLog log = EventLog.read(Files.writeString(dir.resolve("killed.ndjson"),
                HEADER + "\n" + EMIT + "\n" + cut), Map.of());
        assertThat(log.lines()).hasSize(1);
        assertThat(log.droppedLine()).isEqualTo(3);
        assertThatThrownBy(() -> EventLog.read(Files.writeString(dir.resolve("cut.ndjson"),
                HEADER + "\n" + cut + "\n" + EMIT + "\n"), Map.of()))
                .isInstanceOf(BadLogException.class).hasMessageContaining("cut.ndjson:2");
        assertThatThrownBy(() -> EventLog.read(Files.writeString(dir.resolve("ends.ndjson"),
                HEADER + "\n" + EMIT + "\n" + cut + "\n"), Map.of()))
                .as("a complete but broken last line is an error").isInstanceOf(BadLogException.class);
    }

    /** A fenced primary's claim between two steps: left out, provided it changed nothing; its halt ends the log. */
    @Test
    void leavesOutFencingStepsThatChangeNothingAndAHaltAtTheEnd() throws Exception {
        final String claim = EMIT.replace("\"step\": 1", "\"step\": 2")
                .replace("\"action\": \"VmEmit\"", "\"fencing\": \"PrimaryClaimWitness\"")
                .replace("{\"v\": \"c1\"}", "{\"outcome\":\"unreachable\",\"gen\":1}");
        final String send = SEND.replace("\"step\": 2", "\"step\": 3");
        final String halt = SEND.replace("\"step\": 2", "\"step\": 4")
                .replace("\"action\": \"NicTransmit\"", "\"fencing\": \"PrimaryHalt\"");
        final EventLog log = read(HEADER, EMIT, claim, send, halt);
        assertThat(log.lines()).extracting(EventLog.Line::action).containsExactly("VmEmit", "NicTransmit");
        assertThat(log.fencingSteps()).isEqualTo(2);
        assertThatThrownBy(() -> read(HEADER, EMIT, send
                .replace("\"action\": \"NicTransmit\"", "\"fencing\": \"PrimaryLeaseExpire\"")
                .replace("\"step\": 3", "\"step\": 2")))
                .isInstanceOf(BadLogException.class).hasMessageContaining("log.ndjson:3: field state");
        assertThatThrownBy(() -> read(HEADER, EMIT, halt.replace("\"step\": 4", "\"step\": 2"), send))
                .isInstanceOf(BadLogException.class).hasMessageContaining("must be the last line");
    }

    @Test
    void checksALogUpToItsFirstJoinAndAcceptsTheNewPairsStepsAfterIt() throws Exception {
        final String join = SEND
                .replace("\"action\": \"NicTransmit\"", "\"fencing\": \"SecondaryJoin\"")
                .replace("{}", "{\"gen\":3}");
        // After the join the state goes on from the new pair's: the emit's state again, which OutputCommit
        // could not reach from the line before, yet the log is not rejected.
        final String after = EMIT.replace("\"step\": 1", "\"step\": 3");
        final EventLog log = read(HEADER, EMIT, join, after);
        assertThat(log.lines()).extracting(EventLog.Line::action).containsExactly("VmEmit");
        assertThat(log.fencingSteps()).isEqualTo(1);
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
    void namesAnArgumentTheActionDoesNotTake() {
        assertThatThrownBy(() -> read(HEADER, EMIT.replace("{\"v\": \"c1\"}", "{\"v\": \"c1\", \"x y\": 1.5}")))
                .isInstanceOf(BadLogException.class)
                .hasMessageContaining("log.ndjson:2: field args.x y: VmEmit takes only the argument v")
                .satisfies(e -> assertThat(((BadLogException) e).field()).isEqualTo("args.x y"));
        assertThatThrownBy(() -> read(HEADER, EMIT, SEND.replace("\"args\": {}", "\"args\": {\"v\": \"c1\"}")))
                .isInstanceOf(BadLogException.class)
                .hasMessageContaining("log.ndjson:3: field args.v: NicTransmit takes no arguments");
    }

    @Test
    void saysWhichConstantIsMissingAndHowToGiveIt() {
        assertThatThrownBy(() -> read(EMIT, SEND))
                .isInstanceOf(BadLogException.class).hasMessageContaining("Cap").hasMessageContaining("--param");
    }

    @Test
    void refusesAVmNamedLikeARecordFieldAndSaysWhy() {
        final String header = "{\"params\": {\"Cap\": 1, \"Policy\": \"bypass\", \"K\": 1, \"Overflow\": \"drop\", "
                + "\"CkptVMs\": [\"seq\"], \"PlainVMs\": []}}";
        assertThatThrownBy(() -> read(header, EMIT)).isInstanceOf(BadLogException.class)
                .hasMessageContaining("log.ndjson:1").hasMessageContaining("VM id 'seq' is also a record field name");
    }

    @Test
    void aConstantOfTheWrongTypeIsNamedOnceWithWhatWasExpected() {
        final String header = HEADER.replace("\"Cap\": 1", "\"Cap\": \"one\"");
        assertThatThrownBy(() -> read(header, EMIT, SEND)).isInstanceOf(BadLogException.class)
                .hasMessageContaining("log.ndjson:1").hasMessageContaining("Cap")
                .satisfies(e -> assertThat(e.getMessage().indexOf("log.ndjson")).as("the file named once")
                        .isEqualTo(e.getMessage().lastIndexOf("log.ndjson")));
    }
}
