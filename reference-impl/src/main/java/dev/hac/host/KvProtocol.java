package dev.hac.host;

import java.nio.ByteBuffer;

/**
 * Requests and replies of the key-value service, 32 bytes each, big-endian.
 * Request: op(1) pad(7) key(8) requestId(8) argument(8).
 * Reply: op(1) status(1) pad(6) key(8) requestId(8) value(8).
 * A client numbers its requests per key 1, 2, 3, ...; the service remembers the
 * last request id per key and answers a retry with the value it already gave,
 * so an INCR retried after a lost reply is applied once.
 */
public final class KvProtocol {
    public static final int SIZE = 32;
    public static final byte GET = 1;
    public static final byte PUT = 2;
    public static final byte INCR = 3;
    public static final byte OK = 0;
    public static final byte TABLE_FULL = 1;
    public static final byte BAD_REQUEST = 2;

    private KvProtocol() {
    }

    public static void request(final ByteBuffer out, final byte op, final long key, final long requestId, final long argument) {
        out.clear();
        out.put(op).put(new byte[7]).putLong(key).putLong(requestId).putLong(argument);
        out.flip();
    }

    /** A decoded reply. */
    public record Reply(byte op, byte status, long key, long requestId, long value) {
        public static Reply read(final ByteBuffer b) {
            if (b.remaining() < SIZE) {
                throw new IllegalArgumentException("reply of " + b.remaining() + " bytes, need " + SIZE);
            }
            final int at = b.position();
            return new Reply(b.get(at), b.get(at + 1), b.getLong(at + 8), b.getLong(at + 16), b.getLong(at + 24));
        }
    }

    static void reply(final ByteBuffer out, final byte op, final byte status, final long key, final long requestId,
                      final long value) {
        out.clear();
        out.put(op).put(status).put(new byte[6]).putLong(key).putLong(requestId).putLong(value);
    }
}
