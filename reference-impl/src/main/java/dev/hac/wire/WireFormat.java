package dev.hac.wire;

/**
 * Layout of a replication message on the byte stream, in one place.
 *
 * <pre>
 *  offset  size  field
 *  0       4     length L of everything after this field (big-endian)
 *  4       2     magic 0x4843 ("HC")
 *  6       1     version (1)
 *  7       1     type (MessageType code)
 *  8       8     sequence number, per direction, 1, 2, 3, ... (replay guard)
 *  16      B     body (B = L - 12 - 32 - 4)
 *  16+B    32    HMAC-SHA256(key, bytes [4, 16+B))
 *  48+B    4     CRC32C(bytes [4, 48+B))
 * </pre>
 *
 * The CRC comes last so a damaged message is told apart from a forged one before
 * the MAC is even computed; the MAC covers the sequence number, so a recorded
 * message cannot be replayed or reordered within a session, and the session key is
 * derived from nonces of both peers, so it cannot be replayed into another session.
 */
public final class WireFormat {
    public static final short MAGIC = 0x4843;
    public static final byte VERSION = 1;
    public static final int LENGTH_FIELD = 4;
    public static final int HEADER = 12;
    public static final int MAC = 32;
    public static final int CRC = 4;
    /** Smallest legal value of the length field: header, empty body, MAC, CRC. */
    public static final int MIN_LENGTH = HEADER + MAC + CRC;
    public static final int PAGE_SIZE = 4096;
    public static final int NONCE = 16;
    /** Default ceiling on one message: a 256 MiB VM sent whole, plus its page index. */
    public static final int DEFAULT_MAX_LENGTH = (256 << 20) + (1 << 20);

    private WireFormat() {
    }
}
