package dev.hac.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import javax.crypto.Mac;

/**
 * Opens messages for one direction of a channel. Every check happens before a
 * {@link Message} exists, so a refused message leaves nothing behind: the caller
 * sees either a whole, authentic, in-sequence message or a {@link MessageRejected}
 * with its reason. The expected sequence number advances only on success.
 * Not thread-safe: one reader thread per channel.
 */
public final class MessageDecoder {
    private Mac mac;
    private final int maxLength;
    private long lastSeq;
    private final CRC32C crc = new CRC32C();

    public MessageDecoder(final SharedKey key, final int maxLength) {
        if (maxLength < WireFormat.MIN_LENGTH) {
            throw new IllegalArgumentException("maxLength below the smallest message: " + maxLength);
        }
        this.mac = key.newMac();
        this.maxLength = maxLength;
    }

    public void rekey(final SharedKey key) {
        this.mac = key.newMac();
    }

    /**
     * Reads one message from the stream. Returns null on a clean end of stream
     * (the peer closed between messages); an end inside a message is TRUNCATED.
     */
    public Message read(final InputStream in) throws IOException, MessageRejected {
        final byte[] lengthField = new byte[WireFormat.LENGTH_FIELD];
        final int first = in.readNBytes(lengthField, 0, lengthField.length);
        if (first == 0) {
            return null;
        }
        if (first < lengthField.length) {
            throw new MessageRejected(RejectReason.TRUNCATED, "stream ended inside the length field");
        }
        final int length = ByteBuffer.wrap(lengthField).getInt();
        checkLength(length);
        final byte[] whole = new byte[WireFormat.LENGTH_FIELD + length];
        System.arraycopy(lengthField, 0, whole, 0, lengthField.length);
        final int crcAt = whole.length - WireFormat.CRC;
        final int macAt = crcAt - WireFormat.MAC;
        crc.reset();
        mac.reset();
        // CRC and MAC run over each chunk as it arrives, so checking a large checkpoint overlaps with receiving it.
        int at = WireFormat.LENGTH_FIELD;
        while (at < whole.length) {
            final int got = in.read(whole, at, Math.min(READ_CHUNK, whole.length - at));
            if (got < 0) {
                throw new MessageRejected(RejectReason.TRUNCATED,
                        "stream ended after " + (at - WireFormat.LENGTH_FIELD) + " of " + length + " bytes");
            }
            final int next = at + got;
            if (at < crcAt) {
                crc.update(whole, at, Math.min(next, crcAt) - at);
            }
            if (at < macAt) {
                mac.update(whole, at, Math.min(next, macAt) - at);
            }
            at = next;
        }
        return check(whole, length, (int) crc.getValue(), mac.doFinal());
    }

    private static final int READ_CHUNK = 256 << 10;

    /** Decodes one whole message (length field included), as produced by {@link MessageEncoder#encode}. */
    public Message decode(final byte[] whole) throws MessageRejected {
        if (whole.length < WireFormat.LENGTH_FIELD) {
            throw new MessageRejected(RejectReason.TRUNCATED, "only " + whole.length + " bytes");
        }
        final ByteBuffer b = ByteBuffer.wrap(whole);
        final int length = b.getInt();
        checkLength(length);
        if (whole.length - WireFormat.LENGTH_FIELD < length) {
            throw new MessageRejected(RejectReason.TRUNCATED,
                    "length field says " + length + " bytes, " + (whole.length - WireFormat.LENGTH_FIELD) + " present");
        }
        if (whole.length - WireFormat.LENGTH_FIELD > length) {
            throw new MessageRejected(RejectReason.MALFORMED_BODY, "trailing bytes after the message");
        }
        final int crcAt = WireFormat.LENGTH_FIELD + length - WireFormat.CRC;
        crc.reset();
        crc.update(whole, WireFormat.LENGTH_FIELD, crcAt - WireFormat.LENGTH_FIELD);
        mac.reset();
        mac.update(whole, WireFormat.LENGTH_FIELD, crcAt - WireFormat.MAC - WireFormat.LENGTH_FIELD);
        return check(whole, length, (int) crc.getValue(), mac.doFinal());
    }

    /** The checks after CRC and MAC were computed over the message: in order CRC, magic, version, MAC, sequence, body. */
    private Message check(final byte[] whole, final int length, final int crcValue, final byte[] tag) throws MessageRejected {
        final ByteBuffer b = ByteBuffer.wrap(whole);
        b.position(WireFormat.LENGTH_FIELD);
        final int crcAt = WireFormat.LENGTH_FIELD + length - WireFormat.CRC;
        final int macAt = crcAt - WireFormat.MAC;
        if (crcValue != b.getInt(crcAt)) {
            throw new MessageRejected(RejectReason.BAD_CRC, "CRC32C mismatch over " + length + " bytes");
        }
        final short magic = b.getShort();
        if (magic != WireFormat.MAGIC) {
            throw new MessageRejected(RejectReason.BAD_MAGIC, String.format("magic 0x%04x", magic));
        }
        final byte version = b.get();
        if (version != WireFormat.VERSION) {
            throw new MessageRejected(RejectReason.WRONG_VERSION,
                    "version " + version + ", this build speaks " + WireFormat.VERSION);
        }
        final int typeCode = b.get() & 0xFF;
        final long seq = b.getLong();
        if (!MessageDigest.isEqual(tag, Arrays.copyOfRange(whole, macAt, crcAt))) {
            throw new MessageRejected(RejectReason.BAD_MAC, "HMAC-SHA256 does not match the pre-shared key");
        }
        if (seq <= lastSeq) {
            throw new MessageRejected(RejectReason.REPLAYED, "sequence " + seq + ", already accepted up to " + lastSeq);
        }
        if (seq != lastSeq + 1) {
            throw new MessageRejected(RejectReason.SEQUENCE_GAP, "sequence " + seq + ", expected " + (lastSeq + 1));
        }
        final MessageType type = MessageType.of(typeCode);
        if (type == null) {
            throw new MessageRejected(RejectReason.UNKNOWN_TYPE, "type code " + typeCode);
        }
        final ByteBuffer body = ByteBuffer.wrap(whole, b.position(), macAt - b.position()).slice();
        final Message m;
        try {
            m = parseBody(type, body);
        } catch (BufferUnderflowException e) {
            throw new MessageRejected(RejectReason.MALFORMED_BODY, type + " body ends early");
        } catch (IllegalArgumentException e) {
            throw new MessageRejected(RejectReason.MALFORMED_BODY, type + ": " + e.getMessage());
        }
        if (body.hasRemaining()) {
            throw new MessageRejected(RejectReason.MALFORMED_BODY, type + " body has " + body.remaining() + " extra bytes");
        }
        lastSeq = seq;
        return m;
    }

    private void checkLength(final int length) throws MessageRejected {
        if (length < 0 || length > maxLength) {
            throw new MessageRejected(RejectReason.OVERSIZE,
                    "length field " + Integer.toUnsignedString(length) + " above the limit " + maxLength);
        }
        if (length < WireFormat.MIN_LENGTH) {
            throw new MessageRejected(RejectReason.UNDERSIZE, "length field " + length + " below " + WireFormat.MIN_LENGTH);
        }
    }

    private static Message parseBody(final MessageType type, final ByteBuffer b) {
        switch (type) {
            case HELLO: {
                final int roleCode = b.get();
                if (roleCode < 0 || roleCode >= Message.Role.values().length) {
                    throw new IllegalArgumentException("role code " + roleCode);
                }
                final byte[] nonce = new byte[WireFormat.NONCE];
                b.get(nonce);
                final byte[] peer = new byte[WireFormat.NONCE];
                b.get(peer);
                final int epochMicros = positive(b.getInt(), "epoch interval");
                final int heartbeatMicros = positive(b.getInt(), "heartbeat interval");
                final int count = b.getShort() & 0xFFFF;
                final List<VmDescriptor> vms = new ArrayList<>(Math.min(count, 256));
                for (int i = 0; i < count; i++) {
                    final String id = getString(b);
                    final long macHigh = b.getShort() & 0xFFFFL;
                    final long mac = macHigh << 32 | (b.getInt() & 0xFFFF_FFFFL);
                    final int flags = b.get();
                    if (flags != 0 && flags != 1) {
                        throw new IllegalArgumentException("VM " + id + ": checkpointing flag " + flags);
                    }
                    final int pages = b.getInt();
                    final String workload = getString(b);
                    final int port = b.getShort() & 0xFFFF;
                    vms.add(new VmDescriptor(id, mac, flags == 1, pages, workload, port));
                }
                return new Message.Hello(Message.Role.values()[roleCode], nonce, peer, epochMicros, heartbeatMicros, vms);
            }
            case CHECKPOINT: {
                final String vm = getString(b);
                final long epoch = b.getLong();
                final long vmSeq = b.getLong();
                if (epoch < 1 || vmSeq < 0) {
                    throw new IllegalArgumentException("epoch " + epoch + " / vmSeq " + vmSeq);
                }
                final int totalPages = positive(b.getInt(), "totalPages");
                final int count = b.getInt();
                if (count < 0 || count > totalPages || (long) count * (4 + WireFormat.PAGE_SIZE) > b.remaining()) {
                    throw new IllegalArgumentException("page count " + count + " does not fit the body");
                }
                final int[] index = new int[count];
                int previous = -1;
                for (int i = 0; i < count; i++) {
                    index[i] = b.getInt();
                    if (index[i] <= previous || index[i] >= totalPages) {
                        throw new IllegalArgumentException("page index " + index[i] + " at position " + i
                                + " not increasing within [0, " + totalPages + ")");
                    }
                    previous = index[i];
                }
                final byte[] data = new byte[count * WireFormat.PAGE_SIZE];
                b.get(data);
                return new Message.Checkpoint(vm, epoch, vmSeq, totalPages, index, data);
            }
            case ACK: {
                final String vm = getString(b);
                final long epoch = b.getLong();
                if (epoch < 1) {
                    throw new IllegalArgumentException("ack of epoch " + epoch);
                }
                return new Message.Ack(vm, epoch);
            }
            default:
                return new Message.Heartbeat(b.getLong());
        }
    }

    private static int positive(final int v, final String what) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + v);
        }
        return v;
    }

    private static String getString(final ByteBuffer b) {
        final int n = b.getShort() & 0xFFFF;
        if (n > b.remaining()) {
            throw new BufferUnderflowException();
        }
        final ByteBuffer slice = b.slice().limit(n);
        b.position(b.position() + n);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("string is not UTF-8");
        }
    }

}
