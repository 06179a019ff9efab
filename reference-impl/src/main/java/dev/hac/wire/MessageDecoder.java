package dev.hac.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Opens messages for one direction of a channel ({@link WireFormat}). Every check happens before a
 * {@link Message} exists, so a refused message leaves nothing behind: the caller sees either a whole, authentic,
 * in-sequence message or a {@link MessageRejected} with its reason. Segments are checked and opened as they
 * arrive, into a plaintext buffer reused across messages; the body is parsed only once every segment opened.
 * The expected sequence number advances only on success. Not thread-safe: one reader thread per channel.
 */
public final class MessageDecoder {
    private SegmentSeal seal;
    private final int maxLength;
    private long lastSeq;
    private final CRC32C crc = new CRC32C();
    private final byte[] header = new byte[WireFormat.PREFIX];
    private final byte[] segment = new byte[WireFormat.SEGMENT + WireFormat.HANDSHAKE_TAG + WireFormat.CRC];
    private byte[] plain = new byte[WireFormat.SEGMENT];

    public MessageDecoder(final SharedKey key, final int maxLength) {
        if (maxLength < WireFormat.MIN_LENGTH) {
            throw new IllegalArgumentException("maxLength below the smallest message: " + maxLength);
        }
        this.seal = new SegmentSeal.Handshake(key);
        this.maxLength = maxLength;
    }

    /** Switches to the session key of what {@code sender} (the peer) sends, once the HELLO exchange is done. */
    public void startSession(final SessionKeys keys, final Message.Role sender) {
        this.seal = new SegmentSeal.Session(keys, sender);
    }

    /**
     * Reads one message from the stream. Returns null on a clean end of stream
     * (the peer closed between messages); an end inside a message is TRUNCATED.
     * A CHECKPOINT's pages are a view of this decoder's buffer, valid until the next
     * read ({@link Message.Checkpoint#detached} keeps them): the secondary applies
     * them straight from where they were decrypted.
     */
    public Message read(final InputStream in) throws IOException, MessageRejected {
        final int first = in.readNBytes(header, 0, WireFormat.LENGTH_FIELD);
        if (first == 0) {
            return null;
        }
        if (first < WireFormat.LENGTH_FIELD) {
            throw new MessageRejected(RejectReason.TRUNCATED, "stream ended inside the length field");
        }
        final int length = getInt(header, 0);
        checkLength(length);
        readFully(in, header, WireFormat.LENGTH_FIELD, WireFormat.PREFIX - WireFormat.LENGTH_FIELD, "header", length);
        final ByteBuffer h = ByteBuffer.wrap(header);
        final short magic = h.getShort(WireFormat.LENGTH_FIELD);
        if (magic != WireFormat.MAGIC) {
            throw new MessageRejected(RejectReason.BAD_MAGIC, String.format("magic 0x%04x", magic));
        }
        final byte version = h.get(WireFormat.LENGTH_FIELD + 2);
        if (version != WireFormat.VERSION) {
            throw new MessageRejected(RejectReason.WRONG_VERSION,
                    "the peer speaks wire version " + version + ", this build speaks " + WireFormat.VERSION);
        }
        crc.reset();
        crc.update(header, 0, WireFormat.LENGTH_FIELD + WireFormat.HEADER);
        if ((int) crc.getValue() != h.getInt(WireFormat.LENGTH_FIELD + WireFormat.HEADER)) {
            throw new MessageRejected(RejectReason.BAD_CRC, "CRC32C mismatch over the header");
        }
        final int typeCode = header[WireFormat.LENGTH_FIELD + 3] & 0xFF;
        final long seq = h.getLong(WireFormat.LENGTH_FIELD + 4);
        final int body = openSegments(in, length, seq);
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
        final ByteBuffer b = ByteBuffer.wrap(plain, 0, body);
        final Message m;
        try {
            m = parseBody(type, b);
        } catch (BufferUnderflowException e) {
            throw new MessageRejected(RejectReason.MALFORMED_BODY, type + " body ends early");
        } catch (IllegalArgumentException e) {
            throw new MessageRejected(RejectReason.MALFORMED_BODY, type + ": " + e.getMessage());
        }
        if (b.hasRemaining()) {
            throw new MessageRejected(RejectReason.MALFORMED_BODY, type + " body has " + b.remaining() + " extra bytes");
        }
        lastSeq = seq;
        return m;
    }

    /** Reads, CRC-checks and opens every segment into {@link #plain}; returns the body length. */
    private int openSegments(final InputStream in, final int length, final long seq) throws IOException, MessageRejected {
        final int tag = seal.tagLength();
        final int sealed = length - WireFormat.HEADER - WireFormat.CRC;
        final int full = WireFormat.SEGMENT + tag + WireFormat.CRC;
        final int fullSegments = sealed / full;
        final int rest = sealed % full;
        if (rest != 0 && rest < tag + WireFormat.CRC) {
            throw new MessageRejected(RejectReason.MALFORMED_BODY,
                    "length field " + length + " does not cut into segments with " + tag + "-byte tags");
        }
        final int segments = fullSegments + (rest == 0 ? 0 : 1);
        final int body = fullSegments * WireFormat.SEGMENT + (rest == 0 ? 0 : rest - tag - WireFormat.CRC);
        if (plain.length < body) {
            plain = new byte[Math.max(body, Math.min(2 * plain.length, maxLength))];
        }
        for (int i = 0; i < segments; i++) {
            final int data = i < fullSegments ? WireFormat.SEGMENT : rest - tag - WireFormat.CRC;
            final int n = data + tag + WireFormat.CRC;
            readFully(in, segment, 0, n, "segment " + i + " of " + segments, length);
            crc.reset();
            crc.update(segment, 0, data + tag);
            if ((int) crc.getValue() != getInt(segment, data + tag)) {
                throw new MessageRejected(RejectReason.BAD_CRC, "CRC32C mismatch in segment " + i + " of " + segments);
            }
            if (!seal.open(header, seq, i, segment, 0, data, plain, i * WireFormat.SEGMENT)) {
                throw new MessageRejected(RejectReason.BAD_MAC, "segment " + i + " of " + segments + " fails its "
                        + (tag == WireFormat.SESSION_TAG ? "AES-GCM tag under the session key"
                        : "HMAC-SHA256 under the pre-shared key"));
            }
        }
        return body;
    }

    private static void readFully(final InputStream in, final byte[] b, final int off, final int n, final String what,
                                  final int length) throws IOException, MessageRejected {
        final int got = in.readNBytes(b, off, n);
        if (got < n) {
            throw new MessageRejected(RejectReason.TRUNCATED,
                    "stream ended inside the " + what + " of a " + length + "-byte message");
        }
    }

    private static int getInt(final byte[] b, final int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    /**
     * Decodes one whole message (length field included), as produced by {@link MessageEncoder#encode}. Unlike
     * {@link #read}, a CHECKPOINT comes back owning its pages.
     */
    public Message decode(final byte[] whole) throws MessageRejected {
        if (whole.length < WireFormat.LENGTH_FIELD) {
            throw new MessageRejected(RejectReason.TRUNCATED, "only " + whole.length + " bytes");
        }
        final int length = getInt(whole, 0);
        checkLength(length);
        if (whole.length - WireFormat.LENGTH_FIELD < length) {
            throw new MessageRejected(RejectReason.TRUNCATED,
                    "length field says " + length + " bytes, " + (whole.length - WireFormat.LENGTH_FIELD) + " present");
        }
        if (whole.length - WireFormat.LENGTH_FIELD > length) {
            throw new MessageRejected(RejectReason.MALFORMED_BODY, "trailing bytes after the message");
        }
        try {
            final Message m = read(new ByteArrayInputStream(whole));
            return m instanceof Message.Checkpoint c ? c.detached() : m;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayInputStream does not fail
        }
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
                // The pages stay where they were opened: a view of this decoder's buffer, valid until the next read.
                final int at = b.position();
                b.position(at + count * WireFormat.PAGE_SIZE);
                return Message.Checkpoint.view(vm, epoch, vmSeq, totalPages, index, b.array(), at);
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
