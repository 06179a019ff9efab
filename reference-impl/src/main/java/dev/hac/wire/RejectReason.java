package dev.hac.wire;

/** Why the decoder refused a message. Nothing of a refused message is ever applied. */
public enum RejectReason {
    /** The stream ended inside the length field or the message. */
    TRUNCATED,
    /** The length field is above the configured ceiling (checked before allocating). */
    OVERSIZE,
    /** The length field is below the smallest possible message. */
    UNDERSIZE,
    /** CRC32C mismatch over the header or a segment: the bytes were damaged. */
    BAD_CRC,
    BAD_MAGIC,
    /** The peer speaks another version of the wire format (checked at its first message). */
    WRONG_VERSION,
    /**
     * A segment's tag does not match (HMAC-SHA256 during the handshake, AES-GCM after it): the sender does not
     * hold the key, or the segment was forged, moved or reordered.
     */
    BAD_MAC,
    /** Sequence number at or below one already accepted: a replay. */
    REPLAYED,
    /** Sequence number skips ahead: a message was removed from the stream. */
    SEQUENCE_GAP,
    UNKNOWN_TYPE,
    /** Authentic and intact, but the body does not parse or breaks a field rule. */
    MALFORMED_BODY
}
