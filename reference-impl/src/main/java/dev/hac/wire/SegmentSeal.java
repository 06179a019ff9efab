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

    /**
     * Seals segment {@code index} of the message whose length field and header are {@code header[0, 16)}: the
     * {@code len} bytes at {@code src[off]} go to {@code out[outOff]} as data and tag. One call per segment: the
     * JDK's GCM runs its fast path only on whole inputs, not on a segment fed in unaligned pieces.
     *
     * @return bytes written, {@code len} plus the tag
     */
    abstract int seal(byte[] header, long seq, int index, byte[] src, int off, int len, byte[] out, int outOff);

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

        private void begin(final byte[] header, final int index) {
            mac.reset();
            mac.update(header, 0, WireFormat.LENGTH_FIELD + WireFormat.HEADER);
            putInt(indexBytes, 0, index);
            mac.update(indexBytes);
        }

        @Override
        int seal(final byte[] header, final long seq, final int index, final byte[] src, final int off, final int len,
                 final byte[] out, final int outOff) {
            begin(header, index);
            mac.update(src, off, len);
            System.arraycopy(src, off, out, outOff, len);
            try {
                mac.doFinal(out, outOff + len);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("segment buffer too small for the tag", e);
            }
            return len + WireFormat.HANDSHAKE_TAG;
        }

        @Override
        boolean open(final byte[] header, final long seq, final int index, final byte[] in, final int off, final int len,
                     final byte[] plain, final int plainOff) {
            begin(header, index);
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

        static {
            warmUp();
        }

        /**
         * Seals and opens 20,000 small segments once per process under a throwaway key, before the first session. Run by the
         * interpreter, AES-GCM is two orders of magnitude slower than compiled (the JDK's AES and GHASH intrinsics
         * come with the JIT): a session's first full copy would take seconds and outlast the checkpoint and
         * failure timeouts. The handshake pays this once instead, well within its own timeout.
         */
        private static void warmUp() {
            final SessionKeys keys = new SessionKeys(SharedKey.randomBytes(32), SharedKey.randomBytes(32));
            final Session seal = new Session(keys, Message.Role.PRIMARY);
            final Session open = new Session(keys, Message.Role.PRIMARY);
            final byte[] header = new byte[WireFormat.LENGTH_FIELD + WireFormat.HEADER];
            // Many small segments rather than a few large ones: the JIT compiles (and intrinsifies) a method after
            // enough calls, and a segment is one call whatever its size.
            final byte[] data = new byte[WARM_UP_BYTES];
            final byte[] sealed = new byte[WARM_UP_BYTES + WireFormat.SESSION_TAG];
            for (int i = 0; i < WARM_UP_SEGMENTS; i++) {
                seal.seal(header, 1, i, data, 0, data.length, sealed, 0);
                if (!open.open(header, 1, i, sealed, 0, data.length, data, 0)) {
                    throw new IllegalStateException("AES-GCM does not open what it sealed");
                }
            }
        }

        private static final int WARM_UP_SEGMENTS = 20_000;
        private static final int WARM_UP_BYTES = 512;
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
        int seal(final byte[] header, final long seq, final int index, final byte[] src, final int off, final int len,
                 final byte[] out, final int outOff) {
            init(Cipher.ENCRYPT_MODE, header, seq, index);
            try {
                return cipher.doFinal(src, off, len, out, outOff);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("segment buffer too small", e);
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
