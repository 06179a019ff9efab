package dev.hac.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
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

    /** Like {@link #checkpoint} with other page bytes, so the two differ only there. */
    private static Message.Checkpoint otherPages(final long epoch) {
        final byte[] data = new byte[2 * WireFormat.PAGE_SIZE];
        Arrays.fill(data, (byte) 1);
        return new Message.Checkpoint("c1", epoch, 42, 16, new int[] {3, 11}, data);
    }

    @Test
    void aCheckpointReadFromAStreamIsAViewUntilTheNextReadAndDetachedKeepsIt() throws Exception {
        final byte[] a = encoder.encode(checkpoint(1));
        final byte[] b = encoder.encode(otherPages(2));
        final ByteArrayInputStream in = new ByteArrayInputStream(ByteBuffer.allocate(a.length + b.length).put(a).put(b).array());
        final Message.Checkpoint first = (Message.Checkpoint) decoder.read(in);
        final Message.Checkpoint kept = first.detached();
        assertThat(decoder.read(in)).isEqualTo(otherPages(2));
        assertThat(kept).isEqualTo(checkpoint(1));
        assertThat(first).as("pages are not copied out of the decoder's buffer").isNotEqualTo(checkpoint(1));
    }

    @Test
    void aViewIsSealedFromWhereItsPagesLie() throws Exception {
        final Message.Checkpoint owned = checkpoint(1);
        final byte[] padded = new byte[100 + owned.pageBytes() + 50];
        owned.pageData().get(padded, 100, owned.pageBytes());
        final Message.Checkpoint view = Message.Checkpoint.view("c1", 1, 42, 16, new int[] {3, 11}, padded, 100);
        assertThat(view).isEqualTo(owned).hasSameHashCodeAs(owned);
        assertThat(decoder.decode(encoder.encode(view))).isEqualTo(owned);
        assertThatThrownBy(() -> Message.Checkpoint.view("c1", 1, 42, 16, new int[] {3, 11}, padded, 200))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not fit");
    }

    @Test
    void aCheckpointReadFromAStreamSpanningManySegmentsReEncodesIntact() throws Exception {
        // Read from a stream, the pages lie in the decoder's buffer after the body's fields, so re-sealing them
        // reads from an offset, across the segment that joins the fields to the pages and every later one.
        final int pages = 9;
        final byte[] data = new byte[pages * WireFormat.PAGE_SIZE];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + i / 4096);
        }
        final int[] index = new int[pages];
        Arrays.setAll(index, i -> 2 * i);
        final Message.Checkpoint original = new Message.Checkpoint("c1", 1, 42, 32, index, data);
        final Message read = decoder.read(new ByteArrayInputStream(encoder.encode(original)));
        final byte[] again = new MessageEncoder(KEY).encode(read);
        assertThat(new MessageDecoder(KEY, 1 << 20).decode(again)).isEqualTo(original);
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
        // Magic and version (bytes 4-6) are checked before the CRC, as another version may lay out its CRCs elsewhere.
        for (final int at : new int[] {7, 9, 20, 200, m.length - 40, m.length - 1}) {
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
        m[m.length - WireFormat.CRC - WireFormat.HANDSHAKE_TAG - 1] = 5; // epoch 1 -> 5
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
        oldSession.startSession(KEY.sessionKeys(s, SharedKey.randomBytes(16)), Message.Role.PRIMARY);
        final byte[] recorded = oldSession.encode(new Message.Ack("c1", 1));
        decoder.startSession(KEY.sessionKeys(s, SharedKey.randomBytes(16)), Message.Role.PRIMARY);
        rejected(() -> decoder.decode(recorded), RejectReason.BAD_MAC);
    }

    @Test
    void rejectsWrongMagicVersionAndTypeEvenWhenAuthentic() {
        final byte[] magic = encoder.encode(new Message.Heartbeat(1));
        magic[4] = 0x11;
        reseal(magic, KEY);
        rejected(() -> decoder.decode(magic), RejectReason.BAD_MAGIC);
        final byte[] version = new MessageEncoder(KEY).encode(new Message.Heartbeat(1));
        version[6] = 1; // the HMAC-only format of version 1
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
        final int indexAt = WireFormat.PREFIX + 4 + 8 + 8 + 4 + 4;
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
    void aFullCopyCheckpointHoldingEveryPageDecodes() throws Exception {
        final Message.Checkpoint full = new Message.Checkpoint("c1", 1, 0, 2, new int[] {0, 1},
                new byte[2 * WireFormat.PAGE_SIZE]);
        assertThat(decoder.decode(encoder.encode(full))).isEqualTo(full);
    }

    @Test
    void rejectsAPageSentTwiceInOneCheckpoint() {
        final byte[] m = encoder.encode(checkpoint(1));
        final int indexAt = WireFormat.PREFIX + 4 + 8 + 8 + 4 + 4;
        ByteBuffer.wrap(m).putInt(indexAt + 4, 3); // 3, 3: the replica would apply two versions of one page
        reseal(m, KEY);
        rejected(() -> decoder.decode(m), RejectReason.MALFORMED_BODY);
    }

    @Test
    void rejectsAnUnknownRoleAndANonPositiveInterval() throws Exception {
        final byte[] role = encoder.encode(hello());
        role[WireFormat.PREFIX] = (byte) Message.Role.values().length;
        reseal(role, KEY);
        rejected(() -> decoder.decode(role), RejectReason.MALFORMED_BODY);
        final byte[] interval = new MessageEncoder(KEY).encode(hello());
        ByteBuffer.wrap(interval).putInt(WireFormat.PREFIX + 1 + 2 * WireFormat.NONCE, 0); // epoch interval 0 us
        reseal(interval, KEY);
        rejected(() -> decoder.decode(interval), RejectReason.MALFORMED_BODY);
        final Message.Hello shortest = new Message.Hello(Message.Role.SECONDARY, SharedKey.randomBytes(16),
                SharedKey.randomBytes(16), 1, 1, List.of());
        assertThat(new MessageDecoder(KEY, 1 << 20).decode(new MessageEncoder(KEY).encode(shortest))).isEqualTo(shortest);
    }

    @Test
    void theLengthLimitsAreInclusiveAndWholeArraysAreCheckedAgainstThemToo() throws Exception {
        final byte[] m = encoder.encode(new Message.Heartbeat(1));
        final int length = m.length - WireFormat.LENGTH_FIELD;
        assertThat(new MessageDecoder(KEY, length).decode(m)).isEqualTo(new Message.Heartbeat(1));
        rejected(() -> new MessageDecoder(KEY, length - 1).decode(m), RejectReason.OVERSIZE);
        rejected(() -> new MessageDecoder(KEY, length - 1).read(new ByteArrayInputStream(m)), RejectReason.OVERSIZE);
        final byte[] smallest = ByteBuffer.allocate(8).putInt(WireFormat.MIN_LENGTH).array();
        rejected(() -> decoder.read(new ByteArrayInputStream(smallest)), RejectReason.TRUNCATED);
        final byte[] zero = ByteBuffer.allocate(8).putInt(0).array();
        rejected(() -> decoder.read(new ByteArrayInputStream(zero)), RejectReason.UNDERSIZE);
        final byte[] belowSmallest = ByteBuffer.allocate(8).putInt(WireFormat.MIN_LENGTH - 1).array();
        rejected(() -> decoder.read(new ByteArrayInputStream(belowSmallest)), RejectReason.UNDERSIZE);
        assertThat(new MessageDecoder(KEY, WireFormat.MIN_LENGTH)).isNotNull();
        assertThatThrownBy(() -> new MessageDecoder(KEY, WireFormat.MIN_LENGTH - 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSequenceGapNamesTheNumberExpected() {
        final MessageEncoder e = new MessageEncoder(KEY);
        e.encode(new Message.Heartbeat(1));
        final byte[] second = e.encode(new Message.Heartbeat(2));
        assertThatThrownBy(() -> decoder.decode(second)).hasMessageContaining("sequence 2, expected 1");
    }

    @Test
    void checkpointsWithDifferentPagesAreDifferentMessages() {
        final Message.Checkpoint a = checkpoint(1);
        final byte[] data = new byte[a.pageBytes()];
        a.pageData().get(data);
        final byte[] otherData = data.clone();
        otherData[0] ^= 1;
        assertThat(a).isEqualTo(checkpoint(1)).hasSameHashCodeAs(checkpoint(1));
        assertThat(a).isNotEqualTo(new Message.Checkpoint("c1", 1, 42, 16, new int[] {3, 11}, otherData));
        assertThat(a).isNotEqualTo(new Message.Checkpoint("c1", 1, 42, 16, new int[] {3, 12}, data));
        assertThat(a.toString()).contains("vm=c1", "pages=2");
        final Message.Hello h = hello();
        assertThat(h).isEqualTo(new Message.Hello(h.role(), h.nonce(), h.peerNonce(), h.epochIntervalMicros(),
                h.heartbeatIntervalMicros(), h.vms())).isNotEqualTo(hello()); // fresh nonces
    }

    @Test
    void rejectsTrailingBytes() {
        final byte[] m = encoder.encode(new Message.Heartbeat(1));
        rejected(() -> decoder.decode(Arrays.copyOf(m, m.length + 3)), RejectReason.MALFORMED_BODY);
    }

    /** Recomputes the handshake tags and CRCs after a test edited the bytes: the message is then authentic for {@code key}. */
    private static void reseal(final byte[] m, final SharedKey key) {
        Reseal.handshake(m, key);
    }

    private static void rejected(final ThrowingCallable call, final RejectReason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MessageRejected.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
