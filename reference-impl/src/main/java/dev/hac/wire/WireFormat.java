package dev.hac.wire;

/**
 * Layout of a replication message on the byte stream, in one place (version 2).
 *
 * <pre>
 *  offset  size  field
 *  0       4     length L of everything after this field (big-endian)
 *  4       2     magic 0x4843 ("HC")
 *  6       1     version (2)
 *  7       1     type (MessageType code)
 *  8       8     sequence number, per direction, 1, 2, 3, ... (replay guard)
 *  16      4     CRC32C(bytes [0, 16))
 *  20      ...   segments: the body cut into pieces of SEGMENT bytes (the last one shorter, at least one)
 *
 *  segment i:  data (n bytes) | tag (T bytes) | CRC32C(data | tag)
 * </pre>
 *
 * <p>During the handshake (the two HELLOs) the pre-shared key seals: data is the body in clear and the tag is
 * HMAC-SHA256(psk, header | i | data), T = 32. HELLOs carry nonces and the configuration, never guest memory.
 * After the handshake each direction has its own AES-256-GCM key, fresh per connection ({@link SessionKeys}):
 * data is the ciphertext, T = 16, the 96-bit nonce is {@code direction (1 byte) | seq (7 bytes) | i (4 bytes)}
 * and the header (bytes [0, 16): length, magic, version, type, seq) is the additional authenticated data.
 *
 * <p>Why nonces never repeat under one key: a key belongs to one direction of one connection (both peers' fresh
 * random nonces go into it), the sender numbers its messages 1, 2, 3, ... and never twice (the encoder refuses
 * to go past 2^56), and a message has fewer than 2^32 segments. Why a replayed, reordered, moved or cut segment
 * is refused: its nonce (seq, index) and AAD (total length) are implied by where the receiver finds it, so any
 * other place fails the tag; a message cut short ends the stream early (TRUNCATED) or, with a forged length,
 * fails the first tag. Nothing is handed on until every segment of the message has been opened.
 *
 * <p>The CRCs come before the tags so a damaged message is told apart from a forged one: damage is BAD_CRC,
 * forgery BAD_MAC. Magic and version are checked before anything else so that a peer speaking another version
 * is refused as WRONG_VERSION at its first message.
 */
public final class WireFormat {
    public static final short MAGIC = 0x4843;
    public static final byte VERSION = 2;
    public static final int LENGTH_FIELD = 4;
    /** Magic, version, type, sequence number: the header after the length field. */
    public static final int HEADER = 12;
    public static final int CRC = 4;
    /** Length field, header and header CRC: everything before the first segment. */
    public static final int PREFIX = LENGTH_FIELD + HEADER + CRC;
    /** Plaintext bytes per segment; the receiver opens each as it arrives. */
    public static final int SEGMENT = 16 << 10;
    /** Tag of a handshake segment: HMAC-SHA256. */
    public static final int HANDSHAKE_TAG = 32;
    /** Tag of a session segment: AES-GCM's 128-bit tag. */
    public static final int SESSION_TAG = 16;
    /** Smallest legal value of the length field: header, header CRC, one empty segment with the shorter tag. */
    public static final int MIN_LENGTH = HEADER + CRC + SESSION_TAG + CRC;
    public static final int PAGE_SIZE = 4096;
    public static final int NONCE = 16;
    /** Sequence numbers fit the 7 bytes the GCM nonce gives them. */
    public static final long MAX_SEQ = (1L << 56) - 1;
    /** Default ceiling on one message: a 256 MiB VM sent whole, plus its page index and segment overhead. */
    public static final int DEFAULT_MAX_LENGTH = (256 << 20) + (2 << 20);

    private WireFormat() {
    }

    /** Bytes a body of {@code bodyLength} takes on the wire once cut into segments with tags of {@code tag} bytes. */
    public static long sealedLength(final long bodyLength, final int tag) {
        final long segments = Math.max(1, (bodyLength + SEGMENT - 1) / SEGMENT);
        return bodyLength + segments * (tag + CRC);
    }
}
