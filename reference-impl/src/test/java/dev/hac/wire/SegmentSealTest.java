package dev.hac.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The segment seals against the layout {@link WireFormat} states, restated here with the JDK's own HMAC and AES-GCM:
 * what a peer in another language must compute. A change to the tag's inputs or the nonce's layout that both ends
 * of this implementation would share still round-trips, so only a restatement like this one catches it.
 */
class SegmentSealTest {
    private static final byte[] PSK = "0123456789abcdef0123456789abcdef".getBytes();
    private static final byte[] TO_SECONDARY = bytes(32, 0x11);
    private static final byte[] TO_PRIMARY = bytes(32, 0x22);
    private static final long SEQ = 0x00A1_B2C3_D4E5_F607L;
    private static final int INDEX = 0x0102_0304;
    private static final byte[] DATA = bytes(100, 0x5A);

    private static byte[] bytes(final int n, final int first) {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (first + 7 * i);
        }
        return b;
    }

    /** Length field and header, as the encoder lays them out. */
    private static byte[] header() {
        return ByteBuffer.allocate(WireFormat.LENGTH_FIELD + WireFormat.HEADER).putInt(1234).putShort(WireFormat.MAGIC)
                .put(WireFormat.VERSION).put((byte) 2).putLong(SEQ).array();
    }

    private static byte[] sealed(final SegmentSeal seal, final int index) {
        final byte[] out = new byte[DATA.length + seal.tagLength()];
        assertThat(seal.seal(header(), SEQ, index, DATA, 0, DATA.length, out, 0)).isEqualTo(out.length);
        return out;
    }

    @Test
    void aHandshakeSegmentIsTheDataInClearThenHmacSha256OverHeaderIndexAndData() throws Exception {
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(PSK, "HmacSHA256"));
        mac.update(header());
        mac.update(ByteBuffer.allocate(4).putInt(INDEX).array());
        mac.update(DATA);
        final byte[] expected = ByteBuffer.allocate(DATA.length + 32).put(DATA).put(mac.doFinal()).array();
        assertThat(sealed(new SegmentSeal.Handshake(new SharedKey(PSK)), INDEX)).isEqualTo(expected);
    }

    @Test
    void aSessionSegmentIsAesGcmUnderTheSendersKeyWithDirectionSeqAndIndexAsNonceAndTheHeaderAsAad() throws Exception {
        final SessionKeys keys = new SessionKeys(TO_SECONDARY, TO_PRIMARY);
        assertThat(sealed(new SegmentSeal.Session(keys, Message.Role.PRIMARY), INDEX))
                .isEqualTo(gcm(TO_SECONDARY, (byte) 1));
        assertThat(sealed(new SegmentSeal.Session(keys, Message.Role.SECONDARY), INDEX))
                .isEqualTo(gcm(TO_PRIMARY, (byte) 2));
    }

    @Test
    void aSessionSegmentOpensOnlyAtTheIndexItWasSealedFor() {
        final SessionKeys keys = new SessionKeys(TO_SECONDARY, TO_PRIMARY);
        final byte[] wire = sealed(new SegmentSeal.Session(keys, Message.Role.PRIMARY), INDEX);
        final SegmentSeal.Session open = new SegmentSeal.Session(keys, Message.Role.PRIMARY);
        final byte[] plain = new byte[DATA.length];
        assertThat(open.open(header(), SEQ, INDEX + 1, wire, 0, DATA.length, plain, 0)).isFalse();
        assertThat(plain).as("nothing released on a failed tag").containsOnly(0);
        assertThat(open.open(header(), SEQ, INDEX, wire, 0, DATA.length, plain, 0)).isTrue();
        assertThat(plain).isEqualTo(DATA);
    }

    private static byte[] gcm(final byte[] key, final byte direction) throws Exception {
        final byte[] nonce = ByteBuffer.allocate(12).put(direction).put(Arrays.copyOfRange(
                ByteBuffer.allocate(8).putLong(SEQ).array(), 1, 8)).putInt(INDEX).array();
        final Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(header());
        return c.doFinal(DATA);
    }
}
