package dev.hac.fuzz;

import dev.hac.wire.SharedKey;
import dev.hac.wire.WireFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.zip.CRC32C;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The primary's side of the wire format ({@link WireFormat}'s table and {@code SharedKey.sessionKeys}) restated
 * from the documentation with the JDK's primitives, independently of the codec under test: it opens what the
 * primary sent and seals edited bytes as a key holder would, so the oracle can forge authentic messages with
 * wrong content.
 */
final class WireForge {
    private static final int SEQ_AT = WireFormat.LENGTH_FIELD + 4;
    private final SharedKey psk;
    private final SecretKeySpec session;

    WireForge(final SharedKey psk, final byte[] secondaryNonce, final byte[] primaryNonce) {
        this.psk = psk;
        final Mac extract = psk.newMac();
        extract.update("hac-session-v2".getBytes(StandardCharsets.US_ASCII));
        extract.update(secondaryNonce);
        extract.update(primaryNonce);
        final byte[] prk = extract.doFinal();
        try {
            final Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(prk, "HmacSHA256"));
            expand.update("hac-v2 primary->secondary".getBytes(StandardCharsets.US_ASCII));
            expand.update((byte) 1);
            this.session = new SecretKeySpec(expand.doFinal(), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Header bytes [4, 16) (magic, version, type, seq) followed by the body of a message the primary sealed in
     * the given mode, or null when {@code wire} is not such a message.
     */
    byte[] open(final byte[] wire, final boolean handshake) {
        final int tag = handshake ? WireFormat.HANDSHAKE_TAG : WireFormat.SESSION_TAG;
        if (wire.length < WireFormat.PREFIX + tag + WireFormat.CRC) {
            return null;
        }
        final ByteBuffer out = ByteBuffer.allocate(wire.length);
        out.put(wire, WireFormat.LENGTH_FIELD, WireFormat.HEADER);
        final long seq = ByteBuffer.wrap(wire).getLong(SEQ_AT);
        int at = WireFormat.PREFIX;
        for (int i = 0; at < wire.length; i++) {
            final int data = Math.min(WireFormat.SEGMENT, wire.length - at - tag - WireFormat.CRC);
            if (data < 0) {
                return null;
            }
            if (handshake) {
                out.put(wire, at, data);
            } else {
                try {
                    out.put(gcm(Cipher.DECRYPT_MODE, wire, seq, i).doFinal(wire, at, data + tag));
                } catch (GeneralSecurityException e) {
                    return null;
                }
            }
            at += data + tag + WireFormat.CRC;
        }
        final byte[] plain = new byte[out.position()];
        out.flip().get(plain);
        return plain;
    }

    /** Seals header bytes [4, 16) and a body (as {@link #open} returns them) into a whole message. */
    byte[] seal(final byte[] headerAndBody, final boolean handshake) {
        final int tag = handshake ? WireFormat.HANDSHAKE_TAG : WireFormat.SESSION_TAG;
        final int body = headerAndBody.length - WireFormat.HEADER;
        final int segments = Math.max(1, (body + WireFormat.SEGMENT - 1) / WireFormat.SEGMENT);
        final ByteBuffer out = ByteBuffer.allocate(WireFormat.PREFIX + body + segments * (tag + WireFormat.CRC));
        out.putInt(out.capacity() - WireFormat.LENGTH_FIELD).put(headerAndBody, 0, WireFormat.HEADER);
        out.putInt(crc(out.array(), 0, WireFormat.LENGTH_FIELD + WireFormat.HEADER));
        final long seq = out.getLong(SEQ_AT);
        for (int i = 0; i < segments; i++) {
            final int from = WireFormat.HEADER + i * WireFormat.SEGMENT;
            final int data = Math.min(WireFormat.SEGMENT, headerAndBody.length - from);
            final int start = out.position();
            try {
                if (handshake) {
                    final Mac mac = psk.newMac();
                    mac.update(out.array(), 0, WireFormat.LENGTH_FIELD + WireFormat.HEADER);
                    mac.update(ByteBuffer.allocate(4).putInt(i).array());
                    mac.update(headerAndBody, from, data);
                    out.put(headerAndBody, from, data).put(mac.doFinal());
                } else {
                    out.put(gcm(Cipher.ENCRYPT_MODE, out.array(), seq, i).doFinal(headerAndBody, from, data));
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            out.putInt(crc(out.array(), start, out.position() - start));
        }
        return out.array();
    }

    /** AES-256-GCM for segment {@code index}: nonce = 1 (primary to secondary) | seq (7 bytes) | index. */
    private Cipher gcm(final int mode, final byte[] headerBytes, final long seq, final int index)
            throws GeneralSecurityException {
        final ByteBuffer nonce = ByteBuffer.allocate(12).putLong(seq).putInt(index);
        nonce.put(0, (byte) 1);
        final Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, session, new GCMParameterSpec(128, nonce.array()));
        c.updateAAD(headerBytes, 0, WireFormat.LENGTH_FIELD + WireFormat.HEADER);
        return c;
    }

    private static int crc(final byte[] b, final int at, final int n) {
        final CRC32C crc = new CRC32C();
        crc.update(b, at, n);
        return (int) crc.getValue();
    }
}
