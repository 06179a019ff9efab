package dev.hac.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Seals messages for one direction of a channel ({@link WireFormat}): numbers them 1, 2, 3, ..., cuts the body
 * into segments and seals each with the current key (HMAC under the pre-shared key during the handshake,
 * AES-256-GCM under the session key after it), a CRC32C after each. The cipher and the segment buffer are
 * made once and reused. Not thread-safe; the channel serialises senders.
 */
public final class MessageEncoder {
    private SegmentSeal seal;
    private long nextSeq = 1;
    private final CRC32C crc = new CRC32C();
    private final byte[] header = new byte[WireFormat.PREFIX];
    private final byte[] segment = new byte[WireFormat.SEGMENT + WireFormat.HANDSHAKE_TAG + WireFormat.CRC];
    private final byte[] joint = new byte[WireFormat.SEGMENT];

    public MessageEncoder(final SharedKey key) {
        this.seal = new SegmentSeal.Handshake(key);
    }

    /** Switches to {@code sender}'s session key once the HELLO exchange is done; numbering continues. */
    public void startSession(final SessionKeys keys, final Message.Role sender) {
        this.seal = new SegmentSeal.Session(keys, sender);
    }

    /** The whole message, length field included, as one array. */
    public byte[] encode(final Message m) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(WireFormat.PREFIX + bodyLength(m) + 64);
        try {
            writeTo(m, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /**
     * Writes the message to the stream, segment by segment as each is sealed, so the receiver opens the first
     * segments while later ones are still being sealed. A checkpoint's page data is read from where it lies
     * (a staging area, for the primary) straight into the cipher: it is not copied once more on its way out.
     *
     * @throws IOException also when this direction has used up its sequence numbers (the session must be reopened)
     */
    public void writeTo(final Message m, final OutputStream out) throws IOException {
        if (nextSeq > WireFormat.MAX_SEQ) {
            throw new IOException("sequence numbers of this session used up: reconnect for fresh keys");
        }
        final Message.Checkpoint checkpoint = m instanceof Message.Checkpoint c ? c : null;
        final byte[] pages = checkpoint == null ? NO_BYTES : checkpoint.dataArray();
        final int pagesAt = checkpoint == null ? 0 : checkpoint.dataOffset();
        final int pageBytes = checkpoint == null ? 0 : checkpoint.pageBytes();
        final byte[] head = new byte[bodyLength(m) - pageBytes];
        writeBody(m, ByteBuffer.wrap(head));
        final long body = (long) head.length + pageBytes;
        final long length = WireFormat.HEADER + WireFormat.CRC + WireFormat.sealedLength(body, seal.tagLength());
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(m.type() + " of " + body + " bytes does not fit one message");
        }
        final long seq = nextSeq++;
        final ByteBuffer h = ByteBuffer.wrap(header);
        h.putInt((int) length);
        h.putShort(WireFormat.MAGIC);
        h.put(WireFormat.VERSION);
        h.put((byte) m.type().code);
        h.putLong(seq);
        crc.reset();
        crc.update(header, 0, WireFormat.LENGTH_FIELD + WireFormat.HEADER);
        h.putInt((int) crc.getValue());
        out.write(header);
        long at = 0;
        int index = 0;
        do {
            final long end = Math.min(body, at + WireFormat.SEGMENT);
            final int n;
            if (end <= head.length || at >= head.length) {
                // the segment lies in one array: sealed from where it is
                final byte[] src = end <= head.length ? head : pages;
                final int from = (int) (end <= head.length ? at : pagesAt + at - head.length);
                n = seal.seal(header, seq, index++, src, from, (int) (end - at), segment, 0);
            } else {
                // the segment that joins the body's fields to the pages is put together first
                final int k = (int) (head.length - at);
                System.arraycopy(head, (int) at, joint, 0, k);
                System.arraycopy(pages, pagesAt, joint, k, (int) (end - head.length));
                n = seal.seal(header, seq, index++, joint, 0, (int) (end - at), segment, 0);
            }
            crc.reset();
            crc.update(segment, 0, n);
            SegmentSeal.putInt(segment, n, (int) crc.getValue());
            out.write(segment, 0, n + WireFormat.CRC);
            at = end;
        } while (at < body);
    }

    private static final byte[] NO_BYTES = new byte[0];

    private static int bodyLength(final Message m) {
        if (m instanceof Message.Hello h) {
            int n = 1 + 2 * WireFormat.NONCE + 4 + 4 + 2;
            for (final VmDescriptor d : h.vms()) {
                n += stringLength(d.id()) + 6 + 1 + 4 + stringLength(d.workload()) + 2;
            }
            return n;
        } else if (m instanceof Message.Checkpoint c) {
            return stringLength(c.vm()) + 8 + 8 + 4 + 4 + 4 * c.pageCount() + c.pageBytes();
        } else if (m instanceof Message.Ack a) {
            return stringLength(a.vm()) + 8;
        }
        return 8;
    }

    private static void writeBody(final Message m, final ByteBuffer b) {
        if (m instanceof Message.Hello h) {
            b.put((byte) h.role().ordinal());
            b.put(h.nonce());
            b.put(h.peerNonce());
            b.putInt(h.epochIntervalMicros());
            b.putInt(h.heartbeatIntervalMicros());
            b.putShort((short) h.vms().size());
            for (final VmDescriptor d : h.vms()) {
                putString(b, d.id());
                b.putShort((short) (d.mac() >>> 32));
                b.putInt((int) d.mac());
                b.put((byte) (d.checkpointing() ? 1 : 0));
                b.putInt(d.memoryPages());
                putString(b, d.workload());
                b.putShort((short) d.udpPort());
            }
        } else if (m instanceof Message.Checkpoint c) {
            putString(b, c.vm());
            b.putLong(c.epoch());
            b.putLong(c.vmSeq());
            b.putInt(c.totalPages());
            b.putInt(c.pageIndex().length);
            for (final int p : c.pageIndex()) {
                b.putInt(p);
            }
            // the page data follows, sealed by writeTo straight from the checkpoint
        } else if (m instanceof Message.Ack a) {
            putString(b, a.vm());
            b.putLong(a.epoch());
        } else {
            b.putLong(((Message.Heartbeat) m).generation());
        }
    }

    private static int stringLength(final String s) {
        return 2 + s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void putString(final ByteBuffer b, final String s) {
        final byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putShort((short) bytes.length);
        b.put(bytes);
    }
}
