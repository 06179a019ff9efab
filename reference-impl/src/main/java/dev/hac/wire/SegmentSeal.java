package dev.hac.wire;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals or opens the segments of one direction of a channel ({@link WireFormat}). One instance per direction and
 * connection, reused for every segment: the JCE objects are made once. Not thread-safe.
 */
abstract class SegmentSeal {

    abstract int tagLength();

    /** Starts segment {@code index} of the message whose length field and header are {@code header[0, 16)}. */
    abstract void begin(byte[] header, long seq, int index);

    /** Seals {@code len} bytes of {@code src} into {@code out}; returns the bytes written. */
    abstract int update(byte[] src, int off, int len, byte[] out, int outOff);

    /** Ends the segment: writes what is left and the tag; returns the bytes written. */
    abstract int finish(byte[] out, int outOff);

    /**
     * Opens segment {@code index}: {@code len} data bytes at {@code in[off]} followed by the tag. Writes the
     * plaintext to {@code plain[plainOff]} only when the tag matches; returns false when it does not.
     */
    abstract boolean open(byte[] header, long seq, int index, byte[] in, int off, int len, byte[] plain, int plainOff);

    /** Handshake: the body in clear, tag = HMAC-SHA256(pre-shared key, header | index | data). */
    static final class Handshake extends SegmentSeal {
        private final Mac mac;
        private final byte[] tag = new byte[WireFormat.HANDSHAKE_TAG];
        private final byte[] indexBytes = new byte[4];

        Handshake(final SharedKey key) {
            this.mac = key.newMac();
        }

        @Override
        int tagLength() {
            return WireFormat.HANDSHAKE_TAG;
        }

        @Override
        void begin(final byte[] header, final long seq, final int index) {
            mac.reset();
            mac.update(header, 0, WireFormat.LENGTH_FIELD + WireFormat.HEADER);
            putInt(indexBytes, 0, index);
            mac.update(indexBytes);
        }

        @Override
        int update(final byte[] src, final int off, final int len, final byte[] out, final int outOff) {
            mac.update(src, off, len);
            System.arraycopy(src, off, out, outOff, len);
            return len;
        }

        @Override
        int finish(final byte[] out, final int outOff) {
            try {
                mac.doFinal(out, outOff);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("segment buffer too small for the tag", e);
            }
            return WireFormat.HANDSHAKE_TAG;
        }

        @Override
        boolean open(final byte[] header, final long seq, final int index, final byte[] in, final int off, final int len,
                     final byte[] plain, final int plainOff) {
            begin(header, seq, index);
            mac.update(in, off, len);
            try {
                mac.doFinal(tag, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("tag buffer too small", e);
            }
            int diff = 0; // constant time, like MessageDigest.isEqual, without copying the received tag out
            for (int i = 0; i < WireFormat.HANDSHAKE_TAG; i++) {
                diff |= tag[i] ^ in[off + len + i];
            }
            if (diff != 0) {
                return false;
            }
            System.arraycopy(in, off, plain, plainOff, len);
            return true;
        }
    }

    /**
     * Session: AES-256-GCM with the direction's own key; nonce = direction | seq (7 bytes) | index (4 bytes),
     * AAD = length field and header. GCM releases a segment's plaintext only after its tag checked out.
     */
    static final class Session extends SegmentSeal {
        private static final String AES_GCM = "AES/GCM/NoPadding";
        private final Cipher cipher;
        private final SecretKeySpec key;
        private final byte direction;
        private final byte[] nonce = new byte[12];

        Session(final SessionKeys keys, final Message.Role sender) {
            this.key = new SecretKeySpec(keys.key(sender), "AES");
            this.direction = (byte) (sender == Message.Role.PRIMARY ? 1 : 2);
            try {
                this.cipher = Cipher.getInstance(AES_GCM);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK always provides " + AES_GCM, e);
            }
        }

        @Override
        int tagLength() {
            return WireFormat.SESSION_TAG;
        }

        private void init(final int mode, final byte[] header, final long seq, final int index) {
            nonce[0] = direction;
            for (int i = 1; i < 8; i++) {
                nonce[i] = (byte) (seq >>> (8 * (7 - i)));
            }
            putInt(nonce, 8, index);
            try {
                cipher.init(mode, key, new GCMParameterSpec(8 * WireFormat.SESSION_TAG, nonce));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-256-GCM refused a 32-byte key and a 12-byte nonce", e);
            }
            cipher.updateAAD(header, 0, WireFormat.LENGTH_FIELD + WireFormat.HEADER);
        }

        @Override
        void begin(final byte[] header, final long seq, final int index) {
            init(Cipher.ENCRYPT_MODE, header, seq, index);
        }

        @Override
        int update(final byte[] src, final int off, final int len, final byte[] out, final int outOff) {
            try {
                return cipher.update(src, off, len, out, outOff);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("segment buffer too small", e);
            }
        }

        @Override
        int finish(final byte[] out, final int outOff) {
            try {
                return cipher.doFinal(out, outOff);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("segment buffer too small for the tag", e);
            }
        }

        @Override
        boolean open(final byte[] header, final long seq, final int index, final byte[] in, final int off, final int len,
                     final byte[] plain, final int plainOff) {
            init(Cipher.DECRYPT_MODE, header, seq, index);
            try {
                cipher.doFinal(in, off, len + WireFormat.SESSION_TAG, plain, plainOff);
                return true;
            } catch (AEADBadTagException e) {
                return false;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("plaintext buffer too small", e);
            }
        }
    }

    static void putInt(final byte[] b, final int at, final int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
