package dev.hac.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hac.conformance.EventLog;
import dev.hac.nic.EthernetFrames;
import dev.hac.nic.SubmitStatus;
import dev.hac.spec.itf.ItfFormatException;
import dev.hac.spec.itf.ItfReader;
import dev.hac.spec.itf.ItfTrace;
import dev.hac.vocabulary.BadLogException;
import dev.hac.wire.Message;
import dev.hac.wire.MessageRejected;
import dev.hac.wire.RejectReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each oracle fails when the code under it is broken the way the oracle claims to detect. */
class OracleTeethTest {

    private static FrameCase frame(final int vf, final int prefill, final byte[] bytes) {
        return new FrameCase(1500, vf, prefill, 1, bytes, 0, bytes.length);
    }

    private static byte[] ipv4(final int vf) {
        return RealFrames.of(RealFrames.Shape.IPV4_UDP, EthernetFrames.macOf(vf));
    }

    @Test
    void frameOracleAcceptsTheRealEngineOnEveryOutcome() {
        final byte[] runt = new byte[20];
        for (final FrameCase c : List.of(frame(0, 0, ipv4(0)), frame(0, 3, ipv4(0)), frame(1, 0, ipv4(1)),
                frame(2, 0, ipv4(2)), frame(3, 0, ipv4(3)), frame(-1, 0, ipv4(0)), frame(0, 0, runt),
                frame(1, 0, ipv4(0)), new FrameCase(1500, 0, 0, 1, null, 0, 60),
                new FrameCase(1500, 1, 0, FrameOracle.RING, ipv4(1), 0, 60))) {
            assertThatCode(() -> FrameOracle.check(c)).as(c.toString()).doesNotThrowAnyException();
        }
    }

    @Test
    void frameOracleCatchesAWrongVerdict() {
        final FrameOracle.Submitter acceptsRunts = (engine, vf, array, offset, length) ->
                length < 60 ? SubmitStatus.BUFFERED : engine.submit(vf, array, offset, length);
        assertThatThrownBy(() -> FrameOracle.check(frame(0, 0, new byte[59]), acceptsRunts))
                .hasMessageContaining("the reference parser says RUNT");
    }

    @Test
    void frameOracleCatchesARefusalThatChangesState() {
        final FrameOracle.Submitter leaky = (engine, vf, array, offset, length) -> {
            final int status = engine.submit(vf, array, offset, length);
            if (!SubmitStatus.accepted(status)) {
                engine.transmit(1);
            }
            return status;
        };
        assertThatThrownBy(() -> FrameOracle.check(frame(1, 0, ipv4(0)), leaky))
                .hasMessageContaining("refusal SPOOFED changed the engine's state");
    }

    @Test
    void frameOracleCatchesAnAcceptedFrameThatIsNotWhereTheStatusSays() {
        // Buffers the frame, then releases it at once: BUFFERED, but the frame sits in the high class.
        final FrameOracle.Submitter releasesEarly = (engine, vf, array, offset, length) -> {
            final int status = engine.submit(vf, array, offset, length);
            engine.commit(vf, engine.seal(vf));
            return status;
        };
        assertThatThrownBy(() -> FrameOracle.check(frame(0, 0, ipv4(0)), releasesEarly))
                .hasMessageContaining("put the frame in the wrong place");
    }

    private static ReplicationCase session(final List<ReplicationCase.Mutation> mutations) {
        final List<ReplicationCase.Epoch> epochs = List.of(
                new ReplicationCase.Epoch(0, List.of(new ReplicationCase.Write(100, 7)), 2, true),
                new ReplicationCase.Epoch(1, List.of(new ReplicationCase.Write(5000, -1)), 0, false),
                new ReplicationCase.Epoch(0, List.of(), 1, false));
        return new ReplicationCase(List.of(2, 3), epochs, mutations, false);
    }

    @Test
    void replicationOracleAcceptsTheRealCodecIntactAndDamaged() {
        for (final ReplicationCase c : List.of(session(List.of()), session(List.of(new ReplicationCase.FlipBit(1, 900))),
                session(List.of(new ReplicationCase.Swap(1, 3))), session(List.of(new ReplicationCase.Duplicate(1, 4))),
                session(List.of(new ReplicationCase.Resign(1, 30, (byte) 9))),
                session(List.of(new ReplicationCase.ForeignKey(2))))) {
            assertThatCode(() -> ReplicationOracle.check(c)).as(c.toString()).doesNotThrowAnyException();
            assertThatCode(() -> ReplicationOracle.check(new ReplicationCase(c.vmPages(), c.epochs(), c.mutations(), true)))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void replicationOracleCatchesADecoderThatAcceptsDamagedBytes() {
        // Whatever fails the checks is passed on as a heartbeat instead of being rejected.
        final ReplicationOracle.Receiver lenient = (decoder, whole) -> {
            try {
                return decoder.decode(whole);
            } catch (MessageRejected e) {
                return new Message.Heartbeat(0);
            }
        };
        assertThatThrownBy(() -> ReplicationOracle.check(session(List.of(new ReplicationCase.FlipBit(2, 4000))), lenient))
                .hasMessageContaining("something the primary never sent");
    }

    @Test
    void replicationOracleCatchesADecoderThatRejectsIntactMessages() {
        // Refuses every CHECKPOINT (type code 2 at byte 7) before decoding it.
        final ReplicationOracle.Receiver dropsCheckpoints = (decoder, whole) -> {
            if (whole.length > 7 && whole[7] == 2) {
                throw new MessageRejected(RejectReason.MALFORMED_BODY, "pretend");
            }
            return decoder.decode(whole);
        };
        assertThatThrownBy(() -> ReplicationOracle.check(session(List.of()), dropsCheckpoints))
                .hasMessageContaining("an intact stream applied 0 of 3 checkpoints");
    }

    @Test
    void itfOracleAcceptsTracesAndLocatedErrors() {
        assertThatCode(() -> ItfOracle.check(TextDocument.of("{\"vars\":[\"x\"],\"states\":[{\"x\":1}]}")))
                .doesNotThrowAnyException();
        assertThatCode(() -> ItfOracle.check(TextDocument.of("{\"vars\":[\"x\"],\"states\":[{\"y\":1}]}")))
                .doesNotThrowAnyException();
        assertThatCode(() -> ItfOracle.check(TextDocument.of("{\"vars\": [")))
                .doesNotThrowAnyException();
    }

    @Test
    void itfReaderRejectsContentAfterTheDocumentUncheckedPicksAndNonUtf8WithALocatedError() {
        // Fixed findings of the itf target: each input now gets an error naming the file and place, which the
        // oracle accepts; before the fix the oracle failed on each of them.
        assertThatCode(() -> ItfOracle.check(TextDocument.of("{\"vars\":[],\"states\":[]} trailing")))
                .doesNotThrowAnyException();
        assertThatCode(() -> ItfOracle.check(TextDocument.of(
                "{\"vars\":[],\"states\":[{\"mbt::nondetPicks\":{\"v\":null}}]}"))).doesNotThrowAnyException();
        final byte[] latin1 = "{\"vars\":[\"m\"],\"states\":[{\"m\":\"\u00e9\"}]}".getBytes(StandardCharsets.ISO_8859_1);
        assertThatCode(() -> ItfOracle.check(new TextDocument(latin1))).doesNotThrowAnyException();
    }

    @Test
    void logOracleAcceptsLogsAndLocatedErrors() {
        final String header = "{\"params\": {\"Cap\": 1, \"Policy\": \"bypass\", \"K\": 1, \"Overflow\": \"drop\"}}\n";
        final String step = "{\"step\": 1, \"action\": \"VmEmit\", \"args\": {\"v\": \"c1\"}, \"state\": "
                + "{\"vmSeq\": {\"c1\": 1, \"p1\": 0}, \"epoch\": {\"c1\": 1}}}";
        assertThatCode(() -> LogOracle.check(TextDocument.of(header + step + "\n"))).doesNotThrowAnyException();
        assertThatCode(() -> LogOracle.check(TextDocument.of(header + step.replace("VmEmit", "NicSend"))))
                .doesNotThrowAnyException();
        // A fixed finding: text after a line's object is now a located error, not silently ignored.
        assertThatCode(() -> LogOracle.check(TextDocument.of(header + step + "}\n"))).doesNotThrowAnyException();
    }

    private static final String ITF = "{\"vars\":[\"x\"],\"states\":[{\"x\":1}]}";

    /** The real ITF reader, except for what {@code text} does to the text it is given. */
    private static ItfOracle.Reader itfReader(final java.util.function.UnaryOperator<String> text) {
        return new ItfOracle.Reader() {
            @Override
            public ItfTrace read(final String source, final String json) throws ItfFormatException {
                return ItfReader.read(source, text.apply(json));
            }

            @Override
            public ItfTrace read(final Path file) throws IOException, ItfFormatException {
                return read(file.toString(), Files.readString(file));
            }
        };
    }

    @Test
    void itfOracleCatchesAReaderThatCrashes() {
        final ItfOracle.Reader crashes = itfReader(json -> {
            throw new IllegalStateException("boom");
        });
        assertThatThrownBy(() -> ItfOracle.check(TextDocument.of(ITF), crashes))
                .hasMessageContaining("ItfReader threw java.lang.IllegalStateException: boom");
    }

    @Test
    void itfOracleCatchesAReaderThatIgnoresTextAfterTheDocument() {
        // Reads only up to the last closing brace, as the reader once did.
        final ItfOracle.Reader lenient = itfReader(json -> json.substring(0, json.lastIndexOf('}') + 1));
        assertThatThrownBy(() -> ItfOracle.check(TextDocument.of(ITF + " trailing"), lenient))
                .hasMessageContaining("accepted a document that is not one JSON value");
    }

    @Test
    void itfOracleCatchesAnErrorThatSaysNeitherWhereNorWhat() {
        final ItfOracle.Reader vague = new ItfOracle.Reader() {
            @Override
            public ItfTrace read(final String source, final String json) throws ItfFormatException {
                throw new ItfFormatException(source, null, null, "something");
            }

            @Override
            public ItfTrace read(final Path file) throws ItfFormatException {
                return read(file.toString(), "");
            }
        };
        assertThatThrownBy(() -> ItfOracle.check(TextDocument.of("{\"vars\": ["), vague))
                .hasMessageContaining("unclear ITF error");
    }

    private static final String LOG = "{\"params\": {\"Cap\": 1, \"Policy\": \"bypass\", \"K\": 1, "
            + "\"Overflow\": \"drop\"}}\n{\"step\": 1, \"action\": \"VmEmit\", \"args\": {\"v\": \"c1\"}, "
            + "\"state\": {\"vmSeq\": {\"c1\": 1, \"p1\": 0}, \"epoch\": {\"c1\": 1}}}\n";

    @Test
    void logOracleCatchesAReaderThatCrashes() {
        final LogOracle.Reader crashes = file -> {
            throw new IllegalStateException("boom");
        };
        assertThatThrownBy(() -> LogOracle.check(TextDocument.of(LOG), crashes))
                .hasMessageContaining("EventLog.read threw java.lang.IllegalStateException: boom");
    }

    @Test
    void logOracleCatchesAnErrorThatNamesNoFileOrALineOutsideIt() {
        final LogOracle.Reader noFile = file -> {
            throw new BadLogException("somewhere", 2, "action", "bad");
        };
        assertThatThrownBy(() -> LogOracle.check(TextDocument.of(LOG), noFile)).hasMessageContaining("unclear log error");
        final LogOracle.Reader farLine = file -> {
            throw new BadLogException(file.toString(), 99, "action", "bad");
        };
        assertThatThrownBy(() -> LogOracle.check(TextDocument.of(LOG), farLine)).hasMessageContaining("unclear log error");
    }

    @Test
    void logOracleCatchesAReaderThatAcceptsALineThatIsNotOneJsonObject() {
        // Reads the log with the garbage after the first line's object cut away.
        final LogOracle.Reader lenient = file -> {
            final Path clean = Files.createTempFile("clean", ".ndjson");
            try {
                Files.writeString(clean, Files.readString(file).replace("}} trailing", "}}"));
                return EventLog.read(clean, java.util.Map.of());
            } finally {
                Files.delete(clean);
            }
        };
        assertThatThrownBy(() -> LogOracle.check(TextDocument.of(LOG.replaceFirst("\\}\\}\\n", "}} trailing\n")), lenient))
                .hasMessageContaining("EventLog accepted line 1, which is not one JSON object");
    }
}
