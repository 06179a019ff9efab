package dev.hac.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The channel after the handshake: AES-256-GCM segments under per-direction session keys. */
class SessionChannelTest {
    private static final SharedKey PSK = new SharedKey(SharedKey.randomBytes(32));
    private static final int PAGES = 12; // 48 KiB of pages: four segments, the last one short
    private final SessionKeys keys = PSK.sessionKeys(SharedKey.randomBytes(16), SharedKey.randomBytes(16));
    private final MessageEncoder primary = new MessageEncoder(PSK);
    private final MessageDecoder secondary = new MessageDecoder(PSK, 1 << 20);

    SessionChannelTest() {
        primary.startSession(keys, Message.Role.PRIMARY);
        secondary.startSession(keys, Message.Role.PRIMARY);
    }

    /** Pages of a recognisable pattern that must not show on the wire. */
    private static Message.Checkpoint checkpoint(final long epoch) {
        final byte[] data = new byte[PAGES * WireFormat.PAGE_SIZE];
        final byte[] word = "GUEST-SECRET".getBytes();
        for (int i = 0; i + word.length <= data.length; i += word.length) {
            System.arraycopy(word, 0, data, i, word.length);
        }
        final int[] index = new int[PAGES];
        Arrays.setAll(index, i -> 2 * i);
        return new Message.Checkpoint("c1", epoch, 7, 2 * PAGES, index, data);
    }

    private static int segmentStart(final int i) {
        return WireFormat.PREFIX + i * (WireFormat.SEGMENT + WireFormat.SESSION_TAG + WireFormat.CRC);
    }

    @Test
    void aCheckpointOfSeveralSegmentsRoundTripsAndItsGuestMemoryIsNotOnTheWireInClear() throws Exception {
        final byte[] wire = primary.encode(checkpoint(1));
        assertThat(wire).hasSize(WireFormat.PREFIX + (int) WireFormat.sealedLength(
                2 + 2 + 8 + 8 + 4 + 4 + 4 * PAGES + PAGES * WireFormat.PAGE_SIZE, WireFormat.SESSION_TAG));
        assertThat(new String(wire, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("GUEST-SECRET");
        assertThat(secondary.read(new ByteArrayInputStream(wire))).isEqualTo(checkpoint(1));
    }

    @Test
    void theSameMessageSentTwiceNeverRepeatsItsCiphertextBecauseTheNonceCarriesTheSequenceNumber() {
        final byte[] a = primary.encode(new Message.Heartbeat(5));
        final byte[] b = primary.encode(new Message.Heartbeat(5));
        assertThat(Arrays.copyOfRange(a, WireFormat.PREFIX, a.length))
                .isNotEqualTo(Arrays.copyOfRange(b, WireFormat.PREFIX, b.length));
    }

    @Test
    void aFlippedBitAnywhereAfterTheVersionIsDamage() {
        final byte[] wire = primary.encode(checkpoint(1));
        for (final int at : new int[] {7, 12, 18, 20, segmentStart(1) + 5, segmentStart(2) - 3, wire.length - 1}) {
            final byte[] damaged = wire.clone();
            damaged[at] ^= 0x04;
            rejected(() -> secondary.decode(damaged),
                    RejectReason.BAD_CRC);
        }
    }

    @Test
    void twoSegmentsSwappedWithIntactCrcsFailTheirTagsAndNothingIsAccepted() throws Exception {
        final byte[] wire = primary.encode(checkpoint(1));
        final int n = WireFormat.SEGMENT + WireFormat.SESSION_TAG + WireFormat.CRC;
        final byte[] swapped = wire.clone();
        System.arraycopy(wire, segmentStart(0), swapped, segmentStart(1), n);
        System.arraycopy(wire, segmentStart(1), swapped, segmentStart(0), n);
        rejected(() -> secondary.decode(swapped), RejectReason.BAD_MAC);
        assertThat(secondary.decode(wire)).as("the refusal did not use up sequence number 1").isEqualTo(checkpoint(1));
    }

    @Test
    void aSegmentFromAnotherMessageInItsPlaceFailsItsTag() {
        final byte[] first = primary.encode(checkpoint(1));
        final byte[] second = primary.encode(checkpoint(2));
        final byte[] spliced = first.clone();
        // segment 1 of message 2 in the place of segment 1 of message 1: same index, another seq in the nonce
        System.arraycopy(second, segmentStart(1), spliced, segmentStart(1), segmentStart(2) - segmentStart(1));
        rejected(() -> secondary.decode(spliced), RejectReason.BAD_MAC);
    }

    @Test
    void aCiphertextForgedWithoutTheKeyFailsItsTagEvenWithAFixedCrc() {
        final byte[] wire = primary.encode(new Message.Ack("c1", 1));
        wire[WireFormat.PREFIX + 3] ^= 1;
        Reseal.fixCrc(wire, WireFormat.PREFIX, wire.length - WireFormat.PREFIX - WireFormat.CRC);
        rejected(() -> secondary.decode(wire), RejectReason.BAD_MAC);
    }

    @Test
    void aMessageCutToFewerSegmentsWithItsLengthAndHeaderCrcFixedFailsTheTagThatCoversTheLength() {
        final byte[] wire = primary.encode(checkpoint(1));
        final byte[] cut = Arrays.copyOf(wire, segmentStart(2));
        ByteBuffer.wrap(cut).putInt(0, cut.length - WireFormat.LENGTH_FIELD);
        Reseal.fixHeaderCrc(cut);
        rejected(() -> secondary.decode(cut), RejectReason.BAD_MAC);
        rejected(() -> secondary.read(new ByteArrayInputStream(Arrays.copyOf(wire, wire.length - 10))),
                RejectReason.TRUNCATED);
    }

    @Test
    void aReplayedOrSkippedMessageIsRefusedByItsSequenceNumber() throws Exception {
        final byte[] one = primary.encode(new Message.Ack("c1", 1));
        final byte[] two = primary.encode(new Message.Ack("c1", 2));
        final byte[] three = primary.encode(new Message.Ack("c1", 3));
        secondary.decode(one);
        rejected(() -> secondary.decode(one), RejectReason.REPLAYED);
        rejected(() -> secondary.decode(three), RejectReason.SEQUENCE_GAP);
        assertThat(secondary.decode(two)).isEqualTo(new Message.Ack("c1", 2));
    }

    @Test
    void aMessageReflectedBackToItsSenderOrCarriedIntoAnotherConnectionFailsItsTag() {
        final byte[] wire = primary.encode(new Message.Ack("c1", 1));
        final MessageDecoder atPrimary = new MessageDecoder(PSK, 1 << 20);
        atPrimary.startSession(keys, Message.Role.SECONDARY);
        rejected(() -> atPrimary.decode(wire), RejectReason.BAD_MAC);
        final MessageDecoder nextConnection = new MessageDecoder(PSK, 1 << 20);
        nextConnection.startSession(PSK.sessionKeys(SharedKey.randomBytes(16), SharedKey.randomBytes(16)),
                Message.Role.PRIMARY);
        rejected(() -> nextConnection.decode(wire), RejectReason.BAD_MAC);
    }

    @Test
    void aHandshakeModeDecoderRefusesSessionSegmentsAndASessionDecoderRefusesHandshakeOnes() {
        final byte[] session = primary.encode(new Message.Heartbeat(1));
        rejected(() -> new MessageDecoder(PSK, 1 << 20).decode(session), RejectReason.MALFORMED_BODY);
        final byte[] handshake = new MessageEncoder(PSK).encode(new Message.Heartbeat(1));
        rejected(() -> secondary.decode(handshake), RejectReason.BAD_MAC);
    }

    @Test
    void randomDamageIsNeverAcceptedAsAMessage() {
        final Random random = new Random(13);
        final byte[] wire = primary.encode(checkpoint(1));
        for (int trial = 0; trial < 200; trial++) {
            final byte[] damaged = wire.clone();
            final int at = WireFormat.LENGTH_FIELD + 3 + random.nextInt(damaged.length - WireFormat.LENGTH_FIELD - 3);
            damaged[at] ^= (byte) (1 + random.nextInt(255));
            assertThatThrownBy(() -> secondary.decode(damaged)).isInstanceOf(MessageRejected.class);
        }
    }

    private static void rejected(final ThrowingCallable call, final RejectReason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MessageRejected.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
