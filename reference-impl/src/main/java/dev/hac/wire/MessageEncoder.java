package dev.hac.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import javax.crypto.Mac;

/**
 * Seals messages for one direction of a channel: numbers them 1, 2, 3, ...,
 * MACs them with the current key and appends the CRC32C. Not thread-safe; the
 * channel serialises senders.
 */
public final class MessageEncoder {
    private Mac mac;
    private long nextSeq = 1;
    private final CRC32C crc = new CRC32C();

    public MessageEncoder(final SharedKey key) {
        this.mac = key.newMac();
    }

    /** Switches to the session key once the HELLO exchange is done; numbering continues. */
    public void rekey(final SharedKey key) {
        this.mac = key.newMac();
    }

    /** The whole message, length field included, as one array. */
    public byte[] encode(final Message m) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(WireFormat.LENGTH_FIELD + length(m));
        try {
            writeTo(m, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /**
     * Writes the message to the stream. A checkpoint's page data goes from its own
     * array straight to the stream (MAC and CRC are computed over it in place), so
     * a multi-megabyte checkpoint is not copied once more on its way out.
     */
    public void writeTo(final Message m, final OutputStream out) throws IOException {
        final byte[] pages = m instanceof Message.Checkpoint c ? c.pageData() : NO_BYTES;
        final int length = length(m);
        final byte[] head = new byte[WireFormat.LENGTH_FIELD + length - pages.length - WireFormat.MAC - WireFormat.CRC];
        final ByteBuffer b = ByteBuffer.wrap(head);
        b.putInt(length);
        b.putShort(WireFormat.MAGIC);
        b.put(WireFormat.VERSION);
        b.put((byte) m.type().code);
        b.putLong(nextSeq++);
        writeBody(m, b);
        mac.update(head, WireFormat.LENGTH_FIELD, head.length - WireFormat.LENGTH_FIELD);
        crc.reset();
        crc.update(head, WireFormat.LENGTH_FIELD, head.length - WireFormat.LENGTH_FIELD);
        out.write(head);
        // Page data leaves chunk by chunk as it is authenticated: the receiver works on the first chunks meanwhile.
        for (int at = 0; at < pages.length; at += WRITE_CHUNK) {
            final int n = Math.min(WRITE_CHUNK, pages.length - at);
            mac.update(pages, at, n);
            crc.update(pages, at, n);
            out.write(pages, at, n);
        }
        final byte[] tag = mac.doFinal();
        crc.update(tag);
        final int check = (int) crc.getValue();
        out.write(tag);
        out.write(new byte[] {(byte) (check >>> 24), (byte) (check >>> 16), (byte) (check >>> 8), (byte) check});
    }

    private static final int WRITE_CHUNK = 256 << 10;

    private static final byte[] NO_BYTES = new byte[0];

    /** The value of the length field: header, body, MAC, CRC. */
    private static int length(final Message m) {
        return WireFormat.HEADER + bodyLength(m) + WireFormat.MAC + WireFormat.CRC;
    }

    private static int bodyLength(final Message m) {
        if (m instanceof Message.Hello h) {
            int n = 1 + 2 * WireFormat.NONCE + 4 + 4 + 2;
            for (final VmDescriptor d : h.vms()) {
                n += stringLength(d.id()) + 6 + 1 + 4 + stringLength(d.workload()) + 2;
            }
            return n;
        } else if (m instanceof Message.Checkpoint c) {
            return stringLength(c.vm()) + 8 + 8 + 4 + 4 + 4 * c.pageIndex().length + c.pageData().length;
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
            // the page data follows, written by writeTo straight from the checkpoint
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
