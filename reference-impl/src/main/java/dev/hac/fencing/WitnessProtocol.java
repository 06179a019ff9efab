package dev.hac.fencing;

import dev.hac.wire.SharedKey;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import javax.crypto.Mac;

/**
 * The remote witness's wire format: length-prefixed frames on one TCP connection per request.
 *
 * <pre>
 * witness -> claimant  CHALLENGE  "HACW" version(1) serverNonce(16)
 * claimant -> witness  REQUEST    serverNonce(16) clientNonce(16) op(1) generation(8) claimant(2+n) mac(32)
 * witness -> claimant  REPLY      outcome(1) generation(8) holder(2+n) mac(32)
 * </pre>
 *
 * The request's MAC (HMAC-SHA256 with the pair's key) covers everything before it; it answers the challenge
 * of this connection, so a request recorded on another connection is refused as a replay. The reply's MAC
 * covers both nonces and the reply, so a claimant trusts only an answer to its own request.
 */
final class WitnessProtocol {
    static final int VERSION = 1;
    static final int NONCE = 16;
    static final int MAC = 32;
    static final int MAX_FRAME = 512;
    static final byte OP_CLAIM = 1;
    static final byte OP_READ = 2;
    private static final byte[] MAGIC = "HACW".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUEST_LABEL = "hac-witness-request-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLY_LABEL = "hac-witness-reply-v1".getBytes(StandardCharsets.US_ASCII);

    private WitnessProtocol() {
    }

    record Request(byte[] echoedNonce, byte[] clientNonce, byte op, long generation, String claimant, byte[] mac,
                   byte[] signed) {
    }

    record Reply(Witness.Outcome outcome, long generation, String holder) {
    }

    static void writeFrame(final DataOutputStream out, final byte[] body) throws IOException {
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }

    /** Reads one frame; throws on a length outside 1..MAX_FRAME or a short read. */
    static byte[] readFrame(final DataInputStream in) throws IOException {
        final int length = in.readInt();
        if (length < 1 || length > MAX_FRAME) {
            throw new IOException("frame length " + length + " outside 1.." + MAX_FRAME);
        }
        final byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }

    static byte[] challenge(final byte[] serverNonce) {
        return ByteBuffer.allocate(MAGIC.length + 1 + NONCE).put(MAGIC).put((byte) VERSION).put(serverNonce).array();
    }

    /** The server nonce of a challenge; throws on another magic or version. */
    static byte[] parseChallenge(final byte[] frame) throws IOException {
        if (frame.length != MAGIC.length + 1 + NONCE || !MessageDigest.isEqual(java.util.Arrays.copyOf(frame, 4), MAGIC)
                || frame[4] != VERSION) {
            throw new IOException("not a hac witness (version " + VERSION + ") challenge");
        }
        return java.util.Arrays.copyOfRange(frame, 5, 5 + NONCE);
    }

    static byte[] request(final SharedKey key, final byte[] serverNonce, final byte[] clientNonce, final byte op,
                          final long generation, final String claimant) {
        final byte[] id = claimant.getBytes(StandardCharsets.US_ASCII);
        final ByteBuffer b = ByteBuffer.allocate(2 * NONCE + 1 + 8 + 2 + id.length + MAC);
        b.put(serverNonce).put(clientNonce).put(op).putLong(generation).putShort((short) id.length).put(id);
        final Mac mac = key.newMac();
        mac.update(REQUEST_LABEL);
        mac.update(b.array(), 0, b.position());
        b.put(mac.doFinal());
        return b.array();
    }

    /** Parses a request frame; throws IllegalArgumentException when malformed. The MAC is checked by {@link #authentic}. */
    static Request parseRequest(final byte[] f) {
        final ByteBuffer b = ByteBuffer.wrap(f);
        try {
            final byte[] echoed = new byte[NONCE];
            final byte[] client = new byte[NONCE];
            b.get(echoed).get(client);
            final byte op = b.get();
            final long generation = b.getLong();
            final byte[] id = new byte[b.getShort() & 0xFFFF];
            b.get(id);
            final int signedLength = b.position();
            final byte[] mac = new byte[MAC];
            b.get(mac);
            if (b.hasRemaining() || (op != OP_CLAIM && op != OP_READ)) {
                throw new IllegalArgumentException("op " + op + (b.hasRemaining() ? ", trailing bytes" : ""));
            }
            return new Request(echoed, client, op, generation, new String(id, StandardCharsets.US_ASCII), mac,
                    java.util.Arrays.copyOf(f, signedLength));
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("request cut short", e);
        }
    }

    static boolean authentic(final SharedKey key, final Request r) {
        final Mac mac = key.newMac();
        mac.update(REQUEST_LABEL);
        mac.update(r.signed());
        return MessageDigest.isEqual(mac.doFinal(), r.mac());
    }

    static byte[] reply(final SharedKey key, final byte[] serverNonce, final byte[] clientNonce, final Reply r) {
        final byte[] id = r.holder().getBytes(StandardCharsets.US_ASCII);
        final ByteBuffer b = ByteBuffer.allocate(1 + 8 + 2 + id.length + MAC);
        b.put((byte) r.outcome().ordinal()).putLong(r.generation()).putShort((short) id.length).put(id);
        b.put(replyMac(key, serverNonce, clientNonce, b.array(), b.position()));
        return b.array();
    }

    /** The reply, or null when it is malformed or its MAC does not answer this request. */
    static Reply parseReply(final SharedKey key, final byte[] serverNonce, final byte[] clientNonce, final byte[] f) {
        try {
            final ByteBuffer b = ByteBuffer.wrap(f);
            final int outcome = b.get();
            final long generation = b.getLong();
            final byte[] id = new byte[b.getShort() & 0xFFFF];
            b.get(id);
            final int signed = b.position();
            final byte[] mac = new byte[MAC];
            b.get(mac);
            if (b.hasRemaining() || outcome < 0 || outcome >= Witness.Outcome.values().length
                    || !MessageDigest.isEqual(mac, replyMac(key, serverNonce, clientNonce, f, signed))) {
                return null;
            }
            return new Reply(Witness.Outcome.values()[outcome], generation, new String(id, StandardCharsets.US_ASCII));
        } catch (java.nio.BufferUnderflowException e) {
            return null;
        }
    }

    private static byte[] replyMac(final SharedKey key, final byte[] serverNonce, final byte[] clientNonce,
                                   final byte[] body, final int length) {
        final Mac mac = key.newMac();
        mac.update(REPLY_LABEL);
        mac.update(serverNonce);
        mac.update(clientNonce);
        mac.update(body, 0, length);
        return mac.doFinal();
    }
}
