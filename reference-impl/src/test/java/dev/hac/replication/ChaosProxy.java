package dev.hac.replication;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * through it (the witness's too).
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

    /** Where the type code and the body start: after length field, magic, version, type and sequence number. */
    private static final int TYPE_AT = 7;
    private static final int BODY_AT = 16;

    static int type(final byte[] message) {
        return message.length > TYPE_AT ? message[TYPE_AT] : -1;
    }

    /** The VM a CHECKPOINT or ACK is about (both bodies open with it). */
    static String vm(final byte[] message) {
        final ByteBuffer b = ByteBuffer.wrap(message, BODY_AT, message.length - BODY_AT);
        final byte[] id = new byte[b.getShort() & 0xFFFF];
        b.get(id);
        return new String(id, StandardCharsets.UTF_8);
    }

    /** The {@code index}-th long after the VM id of a CHECKPOINT (0: epoch, 1: vmSeq) or ACK (0: epoch). */
    static long longAfterVm(final byte[] message, final int index) {
        final int at = BODY_AT + 2 + (ByteBuffer.wrap(message).getShort(BODY_AT) & 0xFFFF) + 8 * index;
        return ByteBuffer.wrap(message).getLong(at);
    }

    private final ServerSocket server;
    private volatile InetSocketAddress target;
    volatile Rule rule = (d, t, l) -> Verdict.FORWARD;
    volatile After after = (d, m) -> { };
    volatile boolean stallToPrimary;
    /** While set, every message in both directions is read and dropped; clearing it heals the partition. */
    volatile boolean blackhole;
    final AtomicInteger connections = new AtomicInteger();

    ChaosProxy(final InetSocketAddress target) throws IOException {
        this.target = target;
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
                pump(a, b, Direction.TO_SECONDARY, open);
                pump(b, a, Direction.TO_PRIMARY, open);
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
    private void pump(final Socket from, final Socket to, final Direction d, final AtomicInteger open) {
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
}
