package dev.hac.replication;

import dev.hac.wire.Message;
import dev.hac.wire.MessageDecoder;
import dev.hac.wire.MessageRejected;
import dev.hac.wire.SessionKeys;
import dev.hac.wire.SharedKey;
import dev.hac.wire.WireFormat;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy between primary and secondary that sees replication messages whole
 * (it follows the length prefix) and can corrupt, truncate, stall or cut them, or
 * drop everything silently in both directions with the sockets kept open (a
 * {@link #blackhole}: a partition that neither end can tell from a silent peer):
 * the network faults of the integration tests. Any length-prefixed protocol goes
 * through it (the witness's too). Given the pair's key it also reads the replication
 * messages, which travel encrypted: it follows each connection's HELLOs to the session
 * keys, as either end does, and hands what it forwarded whole to {@link #seen}.
 */
final class ChaosProxy implements AutoCloseable {

    enum Direction { TO_SECONDARY, TO_PRIMARY }

    enum Verdict { FORWARD, CORRUPT, TRUNCATE_AND_CLOSE }

    /** Decides what happens to one message; may block (e.g. to kill the primary at this exact point). */
    interface Rule {
        Verdict on(Direction d, int type, int length);
    }

    /** Runs after a message was forwarded; {@code message} is the whole message, length field included. */
    interface After {
        void forwarded(Direction d, byte[] message);
    }

    /** Runs after a message the proxy could read was forwarded whole. */
    interface Seen {
        void forwarded(Direction d, Message message);
    }

    /** Where the type code sits: after length field, magic and version. */
    private static final int TYPE_AT = 7;

    static int type(final byte[] message) {
        return message.length > TYPE_AT ? message[TYPE_AT] : -1;
    }

    private final ServerSocket server;
    private volatile InetSocketAddress target;
    volatile Rule rule = (d, t, l) -> Verdict.FORWARD;
    volatile After after = (d, m) -> { };
    volatile Seen seen = (d, m) -> { };
    private final SharedKey key;
    volatile boolean stallToPrimary;
    /** While set, every message in both directions is read and dropped; clearing it heals the partition. */
    volatile boolean blackhole;
    final AtomicInteger connections = new AtomicInteger();

    ChaosProxy(final InetSocketAddress target) throws IOException {
        this(target, null);
    }

    /** @param key the pair's key, to read the replication messages; null: the proxy reads only their headers */
    ChaosProxy(final InetSocketAddress target, final SharedKey key) throws IOException {
        this.target = target;
        this.key = key;
        this.server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        final Thread t = new Thread(this::acceptLoop, "chaos-accept");
        t.setDaemon(true);
        t.start();
    }

    /** New connections go to {@code to} (a restarted secondary); open ones stay where they are. */
    void retarget(final InetSocketAddress to) {
        target = to;
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", server.getLocalPort());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                final Socket a = server.accept();
                final InetSocketAddress to = target;
                final Socket b;
                try {
                    b = new Socket(to.getAddress(), to.getPort());
                } catch (IOException targetDown) {
                    closeQuietly(a); // as a router passes on a refused connection; the proxy stays
                    continue;
                }
                a.setTcpNoDelay(true);
                b.setTcpNoDelay(true);
                connections.incrementAndGet();
                final AtomicInteger open = new AtomicInteger(2);
                final Tap tap = key == null ? null : new Tap(key);
                pump(a, b, Direction.TO_SECONDARY, open, tap);
                pump(b, a, Direction.TO_PRIMARY, open, tap);
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * Forwards {@code from} to {@code to} message by message, as TCP through a router would: the end of
     * {@code from} reaches {@code to} as a FIN after everything forwarded before it. After a cut, or once
     * {@code to} is gone, the rest of {@code from} is read and discarded rather than left unread: closing a
     * socket with unread input sends a reset, and a reset may cost the receiver bytes it has not read yet
     * (such as the cut message it must refuse). Both sockets close once both directions have ended.
     */
    private void pump(final Socket from, final Socket to, final Direction d, final AtomicInteger open, final Tap tap) {
        final Thread t = new Thread(() -> {
            boolean forwarding = true;
            try {
                final DataInputStream in = new DataInputStream(from.getInputStream());
                final OutputStream out = to.getOutputStream();
                while (true) {
                    final int length = in.readInt();
                    final byte[] m = new byte[4 + length];
                    ByteBuffer.wrap(m).putInt(length);
                    in.readFully(m, 4, length);
                    if (!forwarding || blackhole) {
                        continue;
                    }
                    while (d == Direction.TO_PRIMARY && stallToPrimary) {
                        Thread.sleep(1);
                    }
                    // Read before forwarding: the primary's HELLO yields the session keys before the secondary can answer it.
                    final Message read = tap == null ? null : tap.read(d, m);
                    final Verdict v = rule.on(d, type(m), length);
                    if (v == Verdict.CORRUPT) {
                        m[m.length / 2] ^= 0x5A;
                    }
                    try {
                        if (v == Verdict.TRUNCATE_AND_CLOSE) {
                            // The receiver reads the cut message, then the end of the stream; the sender learns of
                            // the cut only when the receiver hangs up, as it would through a real network.
                            out.write(m, 0, m.length / 2);
                            out.flush();
                            to.shutdownOutput();
                            forwarding = false;
                            continue;
                        }
                        out.write(m);
                        out.flush();
                    } catch (IOException receiverGone) {
                        forwarding = false;
                        continue;
                    }
                    after.forwarded(d, m);
                    if (read != null && v == Verdict.FORWARD) {
                        seen.forwarded(d, read);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the sender closed or reset its side: pass the end on
            }
            try {
                to.shutdownOutput();
            } catch (IOException alreadyShut) {
                // cut earlier, or the receiver is gone
            }
            if (open.decrementAndGet() == 0) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "chaos-" + d);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(final Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /**
     * One connection's messages read as its ends read them: a decoder per direction, switched to the session keys
     * once both HELLOs passed. After anything it cannot read (a corrupted message) it reads nothing more of that
     * direction, as the receiver would hang up.
     */
    private static final class Tap {
        private final SharedKey key;
        private final MessageDecoder[] decoders = new MessageDecoder[2];
        private final boolean[] broken = new boolean[2];
        private byte[] secondaryNonce;

        Tap(final SharedKey key) {
            this.key = key;
            decoders[0] = new MessageDecoder(key, WireFormat.DEFAULT_MAX_LENGTH);
            decoders[1] = new MessageDecoder(key, WireFormat.DEFAULT_MAX_LENGTH);
        }

        synchronized Message read(final Direction d, final byte[] m) {
            final int i = d.ordinal();
            if (broken[i]) {
                return null;
            }
            try {
                final Message msg = decoders[i].decode(m);
                if (msg instanceof Message.Hello h && h.role() == Message.Role.SECONDARY) {
                    secondaryNonce = h.nonce();
                } else if (msg instanceof Message.Hello h && h.role() == Message.Role.PRIMARY && secondaryNonce != null) {
                    final SessionKeys keys = key.sessionKeys(secondaryNonce, h.nonce());
                    decoders[Direction.TO_SECONDARY.ordinal()].startSession(keys, Message.Role.PRIMARY);
                    decoders[Direction.TO_PRIMARY.ordinal()].startSession(keys, Message.Role.SECONDARY);
                }
                return msg;
            } catch (MessageRejected | RuntimeException unreadable) {
                broken[i] = true;
                return null;
            }
        }
    }
}
