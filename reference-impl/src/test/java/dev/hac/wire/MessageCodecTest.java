package dev.hac.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import javax.crypto.Mac;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private static final SharedKey KEY = new SharedKey("0123456789abcdef0123456789abcdef".getBytes());
    private static final SharedKey OTHER_KEY = new SharedKey("fedcba9876543210fedcba9876543210".getBytes());

    private final MessageEncoder encoder = new MessageEncoder(KEY);
    private final MessageDecoder decoder = new MessageDecoder(KEY, 1 << 20);

    private static Message.Checkpoint checkpoint(final long epoch) {
        final byte[] data = new byte[2 * WireFormat.PAGE_SIZE];
        Arrays.fill(data, 0, WireFormat.PAGE_SIZE, (byte) 7);
        Arrays.fill(data, WireFormat.PAGE_SIZE, data.length, (byte) 9);
        return new Message.Checkpoint("c1", epoch, 42, 16, new int[] {3, 11}, data);
    }

    private static Message.Hello hello() {
        return new Message.Hello(Message.Role.PRIMARY, SharedKey.randomBytes(16), SharedKey.randomBytes(16), 25_000, 10_000,
                List.of(new VmDescriptor("c1", 0x02_00_00_00_00_01L, true, 256, "kv", 40001),
                        new VmDescriptor("p1", 0x02_00_00_00_00_02L, false, 16, "bulk", 0)));
    }

    @Test
    void everyMessageTypeRoundTrips() throws Exception {
        final List<Message> all = List.of(hello(), checkpoint(1), new Message.Ack("c1", 1), new Message.Heartbeat(123456789L));
        for (final Message m : all) {
            assertThat(decoder.decode(encoder.encode(m))).isEqualTo(m);
        }
    }

    @Test
    void readsConsecutiveMessagesFromAStreamAndReportsACleanClose() throws Exception {
        final byte[] a = encoder.encode(checkpoint(1));
        final byte[] b = encoder.encode(new Message.Ack("c1", 1));
        final byte[] both = ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
        final ByteArrayInputStream in = new ByteArrayInputStream(both);
        assertThat(decoder.read(in)).isEqualTo(checkpoint(1));
        assertThat(decoder.read(in)).isEqualTo(new Message.Ack("c1", 1));
        assertThat(decoder.read(in)).isNull();
    }

    @Test
    void rejectsAStreamThatEndsInsideAMessage() {
        final byte[] m = encoder.encode(checkpoint(1));
        rejected(() -> decoder.read(new ByteArrayInputStream(Arrays.copyOf(m, m.length - 100))), RejectReason.TRUNCATED);
        rejected(() -> decoder.read(new ByteArrayInputStream(Arrays.copyOf(m, 2))), RejectReason.TRUNCATED);
        rejected(() -> decoder.decode(Arrays.copyOf(m, m.length - 1)), RejectReason.TRUNCATED);
    }

    @Test
    void rejectsALengthAboveTheLimitBeforeReadingTheBody() {
        final byte[] huge = ByteBuffer.allocate(8).putInt(64 << 20).array();
        rejected(() -> decoder.read(new ByteArrayInputStream(huge)), RejectReason.OVERSIZE);
        final byte[] negative = ByteBuffer.allocate(8).putInt(-5).array();
        rejected(() -> decoder.read(new ByteArrayInputStream(negative)), RejectReason.OVERSIZE);
        final byte[] tiny = ByteBuffer.allocate(8).putInt(3).array();
        rejected(() -> decoder.read(new ByteArrayInputStream(tiny)), RejectReason.UNDERSIZE);
    }

    @Test
    void rejectsAnyFlippedBitAsDamage() throws Exception {
        final byte[] m = encoder.encode(checkpoint(1));
        for (final int at : new int[] {5, 9, 20, 200, m.length - 40, m.length - 1}) {
            final byte[] damaged = m.clone();
            damaged[at] ^= 0x10;
            rejected(() -> decoder.decode(damaged), RejectReason.BAD_CRC);
        }
        assertThat(decoder.decode(m)).isEqualTo(checkpoint(1));
    }

    @Test
    void rejectsAMessageSealedWithAnotherKey() {
        final byte[] forged = new MessageEncoder(OTHER_KEY).encode(new Message.Ack("c1", 1));
        rejected(() -> decoder.decode(forged), RejectReason.BAD_MAC);
    }

    @Test
    void rejectsAForgeryWithAValidCrcButNoKey() {
        final byte[] m = encoder.encode(new Message.Ack("c1", 1));
        m[m.length - WireFormat.CRC - WireFormat.MAC - 1] = 5; // epoch 1 -> 5
        reseal(m, OTHER_KEY);
        rejected(() -> decoder.decode(m), RejectReason.BAD_MAC);
    }

    @Test
    void rejectsAReplayedMessageAndAGapInTheSequence() throws Exception {
        final byte[] first = encoder.encode(new Message.Ack("c1", 1));
        final byte[] second = encoder.encode(new Message.Ack("c1", 2));
        final byte[] third = encoder.encode(new Message.Ack("c1", 3));
        decoder.decode(first);
        rejected(() -> decoder.decode(first), RejectReason.REPLAYED);
        rejected(() -> decoder.decode(third), RejectReason.SEQUENCE_GAP);
        assertThat(decoder.decode(second)).isEqualTo(new Message.Ack("c1", 2));
        assertThat(decoder.decode(third)).isEqualTo(new Message.Ack("c1", 3));
    }

    @Test
    void rejectsAMessageFromAnotherSessionKey() {
        final byte[] s = SharedKey.randomBytes(16);
        final MessageEncoder oldSession = new MessageEncoder(KEY);
        oldSession.rekey(KEY.session(s, SharedKey.randomBytes(16)));
        final byte[] recorded = oldSession.encode(new Message.Ack("c1", 1));
        decoder.rekey(KEY.session(s, SharedKey.randomBytes(16)));
        rejected(() -> decoder.decode(recorded), RejectReason.BAD_MAC);
    }

    @Test
    void rejectsWrongMagicVersionAndTypeEvenWhenAuthentic() {
        final byte[] magic = encoder.encode(new Message.Heartbeat(1));
        magic[4] = 0x11;
        reseal(magic, KEY);
        rejected(() -> decoder.decode(magic), RejectReason.BAD_MAGIC);
        final byte[] version = new MessageEncoder(KEY).encode(new Message.Heartbeat(1));
        version[6] = 2;
        reseal(version, KEY);
        rejected(() -> decoder.decode(version), RejectReason.WRONG_VERSION);
        final byte[] type = new MessageEncoder(KEY).encode(new Message.Heartbeat(1));
        type[7] = 99;
        reseal(type, KEY);
        rejected(() -> decoder.decode(type), RejectReason.UNKNOWN_TYPE);
    }

    @Test
    void rejectsMalformedCheckpointBodiesWithoutAcceptingTheSequenceNumber() throws Exception {
        final byte[] m = encoder.encode(checkpoint(1));
        // the page index list starts after: string(2+2) epoch(8) vmSeq(8) total(4) count(4)
        final int indexAt = 16 + 4 + 8 + 8 + 4 + 4;
        final byte[] unordered = m.clone();
        ByteBuffer.wrap(unordered).putInt(indexAt + 4, 2); // 3, 2: not increasing
        reseal(unordered, KEY);
        rejected(() -> decoder.decode(unordered), RejectReason.MALFORMED_BODY);
        final byte[] outOfRange = m.clone();
        ByteBuffer.wrap(outOfRange).putInt(indexAt + 4, 16); // >= totalPages
        reseal(outOfRange, KEY);
        rejected(() -> decoder.decode(outOfRange), RejectReason.MALFORMED_BODY);
        final byte[] tooMany = m.clone();
        ByteBuffer.wrap(tooMany).putInt(indexAt - 4, 3); // 3 pages claimed, 2 present
        reseal(tooMany, KEY);
        rejected(() -> decoder.decode(tooMany), RejectReason.MALFORMED_BODY);
        // the refused messages did not consume sequence number 1
        assertThat(decoder.decode(m)).isEqualTo(checkpoint(1));
    }

    @Test
    void rejectsTrailingBytes() {
        final byte[] m = encoder.encode(new Message.Heartbeat(1));
        rejected(() -> decoder.decode(Arrays.copyOf(m, m.length + 3)), RejectReason.MALFORMED_BODY);
    }

    /** Recomputes MAC and CRC after a test edited the bytes: the message is then authentic for {@code key}. */
    private static void reseal(final byte[] m, final SharedKey key) {
        final int macAt = m.length - WireFormat.CRC - WireFormat.MAC;
        final Mac mac = key.newMac();
        mac.update(m, WireFormat.LENGTH_FIELD, macAt - WireFormat.LENGTH_FIELD);
        System.arraycopy(mac.doFinal(), 0, m, macAt, WireFormat.MAC);
        final CRC32C crc = new CRC32C();
        crc.update(m, WireFormat.LENGTH_FIELD, m.length - WireFormat.CRC - WireFormat.LENGTH_FIELD);
        ByteBuffer.wrap(m).putInt(m.length - WireFormat.CRC, (int) crc.getValue());
    }

    private static void rejected(final ThrowingCallable call, final RejectReason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MessageRejected.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
