package dev.hac.wire;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Tests' forger: re-seals a handshake-mode message after a test edited its clear bytes, as a key holder would. */
final class Reseal {
    private Reseal() {
    }

    static void handshake(final byte[] m, final SharedKey key) {
        fixHeaderCrc(m);
        final SegmentSeal seal = new SegmentSeal.Handshake(key);
        final long seq = ByteBuffer.wrap(m).getLong(WireFormat.LENGTH_FIELD + 4);
        final byte[] scratch = new byte[WireFormat.SEGMENT + WireFormat.HANDSHAKE_TAG];
        int at = WireFormat.PREFIX;
        int index = 0;
        while (at < m.length) {
            final int data = Math.min(WireFormat.SEGMENT, m.length - at - WireFormat.HANDSHAKE_TAG - WireFormat.CRC);
            final int n = seal.seal(m, seq, index++, m, at, data, scratch, 0);
            System.arraycopy(scratch, 0, m, at, n);
            fixCrc(m, at, n);
            at += n + WireFormat.CRC;
        }
    }

    static void fixHeaderCrc(final byte[] m) {
        fixCrc(m, 0, WireFormat.LENGTH_FIELD + WireFormat.HEADER);
    }

    /** Writes the CRC32C of {@code m[at, at + n)} right after it. */
    static void fixCrc(final byte[] m, final int at, final int n) {
        final CRC32C crc = new CRC32C();
        crc.update(m, at, n);
        ByteBuffer.wrap(m).putInt(at + n, (int) crc.getValue());
    }
}
