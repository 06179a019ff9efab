package dev.hac.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

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

    /** The whole message, length field included, ready for the stream. */
    public byte[] encode(final Message m) {
        final int bodyLength = bodyLength(m);
        final int length = WireFormat.HEADER + bodyLength + WireFormat.MAC + WireFormat.CRC;
        final byte[] out = new byte[WireFormat.LENGTH_FIELD + length];
        final ByteBuffer b = ByteBuffer.wrap(out);
        b.putInt(length);
        b.putShort(WireFormat.MAGIC);
        b.put(WireFormat.VERSION);
        b.put((byte) m.type().code);
        b.putLong(nextSeq++);
        writeBody(m, b);
        final int macStart = b.position();
        mac.update(out, WireFormat.LENGTH_FIELD, macStart - WireFormat.LENGTH_FIELD);
        try {
            mac.doFinal(out, macStart);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        crc.reset();
        crc.update(out, WireFormat.LENGTH_FIELD, macStart + WireFormat.MAC - WireFormat.LENGTH_FIELD);
        b.position(macStart + WireFormat.MAC);
        b.putInt((int) crc.getValue());
        return out;
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
            b.put(c.pageData());
        } else if (m instanceof Message.Ack a) {
            putString(b, a.vm());
            b.putLong(a.epoch());
        } else {
            b.putLong(((Message.Heartbeat) m).senderNanos());
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
