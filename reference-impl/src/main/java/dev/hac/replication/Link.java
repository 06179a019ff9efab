package dev.hac.replication;

import dev.hac.wire.Message;
import dev.hac.wire.MessageDecoder;
import dev.hac.wire.MessageEncoder;
import dev.hac.wire.MessageRejected;
import dev.hac.wire.RejectReason;
import dev.hac.wire.SessionKeys;
import dev.hac.wire.SharedKey;
import dev.hac.wire.VmDescriptor;
import dev.hac.wire.WireFormat;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One authenticated, encrypted replication session over a TCP socket. The handshake
 * proves both ends hold the pre-shared key and derives the per-direction AES-256-GCM
 * session keys from a nonce of each: the secondary's HELLO (fresh nonce), the primary's HELLO (fresh nonce, the
 * secondary's echoed), then the secondary's key confirmation, a HEARTBEAT sealed
 * with the session key. A HELLO alone proves nothing fresh (anyone who recorded
 * one can replay it), so the primary hands out a link, and with it guest memory,
 * only after that confirmation, which needs the primary's nonce of this session.
 * After the handshake, a writer thread sends queued messages (the host loop never
 * blocks on the network) and a reader thread hands every accepted message to the
 * {@link Listener}. The first refused message, I/O error or end of stream closes
 * the link and is reported once through {@link Listener#closed}.
 */
public final class Link implements AutoCloseable {

    /** Receives what the peer sends. Called on the link's reader thread. */
    public interface Listener {
        void received(Message m);

        /** The link is gone; {@code why} says how (rejection reason, I/O error, peer closed). */
        void closed(String why);
    }

    private static final Message CLOSE = new Message.Heartbeat(-1);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final MessageEncoder encoder;
    private final MessageDecoder decoder;
    private final Message.Hello peerHello;
    private final long peerGeneration;
    private final BlockingQueue<Message> outbox = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private volatile String closeReason;

    private Link(final Socket socket, final InputStream in, final OutputStream out, final MessageEncoder encoder,
                 final MessageDecoder decoder, final Message.Hello peerHello, final long peerGeneration) {
        this.peerGeneration = peerGeneration;
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.encoder = encoder;
        this.decoder = decoder;
        this.peerHello = peerHello;
        try {
            socket.setSoTimeout(0); // after the handshake, silence is judged by heartbeats, not by the socket
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** How long a handshake may wait for each of the peer's handshake messages. */
    public static final int HANDSHAKE_TIMEOUT_MS = 5000;

    /**
     * The primary's side: waits for the secondary's HELLO, answers with its own
     * (configuration and VM list), switches to the session key and waits for the
     * secondary's key confirmation.
     *
     * @throws MessageRejected when the secondary cannot prove the key for this session (a replayed HELLO,
     *                         another key, another version, or it hangs up before confirming)
     */
    public static Link primary(final Socket socket, final SharedKey key, final int epochMicros, final int heartbeatMicros,
                               final List<VmDescriptor> vms) throws IOException, MessageRejected {
        try {
            return primaryHandshake(socket, key, epochMicros, heartbeatMicros, vms);
        } catch (IOException | MessageRejected | RuntimeException e) {
            socket.close(); // a failed handshake leaves nothing open
            throw e;
        }
    }

    private static Link primaryHandshake(final Socket socket, final SharedKey key, final int epochMicros,
                                         final int heartbeatMicros, final List<VmDescriptor> vms)
            throws IOException, MessageRejected {
        final Streams s = streams(socket);
        final MessageEncoder enc = new MessageEncoder(key);
        final MessageDecoder dec = new MessageDecoder(key, WireFormat.DEFAULT_MAX_LENGTH);
        final Message first = dec.read(s.in);
        if (!(first instanceof Message.Hello h) || h.role() != Message.Role.SECONDARY) {
            throw new MessageRejected(RejectReason.MALFORMED_BODY, "expected the secondary's HELLO, got " + first);
        }
        final byte[] nonce = SharedKey.randomBytes(WireFormat.NONCE);
        final Message.Hello mine = new Message.Hello(Message.Role.PRIMARY, nonce, h.nonce(), epochMicros, heartbeatMicros, vms);
        enc.writeTo(mine, s.out);
        s.out.flush();
        final SessionKeys session = key.sessionKeys(h.nonce(), nonce);
        enc.startSession(session, Message.Role.PRIMARY);
        dec.startSession(session, Message.Role.SECONDARY);
        final Message confirmation = dec.read(s.in);
        if (confirmation == null) {
            throw new MessageRejected(RejectReason.TRUNCATED,
                    "the secondary hung up before confirming the session key (a replayed HELLO?)");
        }
        if (!(confirmation instanceof Message.Heartbeat hb)) {
            throw new MessageRejected(RejectReason.MALFORMED_BODY,
                    "expected the secondary's key confirmation, got " + confirmation);
        }
        return new Link(socket, s.in, s.out, enc, dec, h, hb.generation());
    }

    /**
     * The secondary's side: sends a fresh nonce, expects the primary's HELLO echoing
     * it (a recorded HELLO of another session does not), switches to the session key
     * and confirms it.
     */
    public static Link secondary(final Socket socket, final SharedKey key, final int heartbeatMicros)
            throws IOException, MessageRejected {
        return secondary(socket, key, heartbeatMicros, List.of(), 0);
    }

    /**
     * A joining secondary's side: as {@link #secondary(Socket, SharedKey, int)}, and its HELLO names the VMs it
     * expects (empty: any) and its key confirmation the newest generation it knows, so that the primary can
     * refuse a join it must not serve.
     */
    public static Link secondary(final Socket socket, final SharedKey key, final int heartbeatMicros,
                                 final List<VmDescriptor> expectedVms, final long knownGeneration)
            throws IOException, MessageRejected {
        try {
            return secondaryHandshake(socket, key, heartbeatMicros, expectedVms, knownGeneration);
        } catch (IOException | MessageRejected | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static Link secondaryHandshake(final Socket socket, final SharedKey key, final int heartbeatMicros,
                                           final List<VmDescriptor> expectedVms, final long knownGeneration)
            throws IOException, MessageRejected {
        final Streams s = streams(socket);
        final MessageEncoder enc = new MessageEncoder(key);
        final MessageDecoder dec = new MessageDecoder(key, WireFormat.DEFAULT_MAX_LENGTH);
        final byte[] nonce = SharedKey.randomBytes(WireFormat.NONCE);
        s.out.write(enc.encode(new Message.Hello(Message.Role.SECONDARY, nonce, new byte[WireFormat.NONCE], 1,
                heartbeatMicros, expectedVms)));
        s.out.flush();
        final Message first = dec.read(s.in);
        if (first == null) {
            throw new MessageRejected(RejectReason.TRUNCATED, "the primary closed the connection without answering"
                    + " the HELLO (it refused it: another wire version than " + WireFormat.VERSION + ", or another key)");
        }
        if (!(first instanceof Message.Hello h) || h.role() != Message.Role.PRIMARY) {
            throw new MessageRejected(RejectReason.MALFORMED_BODY, "expected the primary's HELLO, got " + first);
        }
        if (!Arrays.equals(h.peerNonce(), nonce)) {
            throw new MessageRejected(RejectReason.REPLAYED, "the primary's HELLO does not echo this session's nonce");
        }
        final SessionKeys session = key.sessionKeys(nonce, h.nonce());
        enc.startSession(session, Message.Role.SECONDARY);
        dec.startSession(session, Message.Role.PRIMARY);
        enc.writeTo(new Message.Heartbeat(knownGeneration), s.out);
        s.out.flush();
        return new Link(socket, s.in, s.out, enc, dec, h, 0);
    }

    private record Streams(InputStream in, OutputStream out) {
    }

    private static Streams streams(final Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
        return new Streams(new ActivityStream(new BufferedInputStream(socket.getInputStream(), 1 << 16)),
                new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
    }

    /**
     * Notes when bytes last arrived. A peer that is sending a large checkpoint is alive even though no whole message
     * (and no heartbeat, queued behind it) has arrived for longer than the failure timeout.
     */
    private static final class ActivityStream extends java.io.FilterInputStream {
        volatile long lastNanos = System.nanoTime();

        ActivityStream(final InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            final int b = super.read();
            lastNanos = System.nanoTime();
            return b;
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException {
            final int n = super.read(b, off, len);
            lastNanos = System.nanoTime();
            return n;
        }
    }

    /** The newest generation the secondary knew when it confirmed the session key (0: none, or this is the secondary's end). */
    public long peerGeneration() {
        return peerGeneration;
    }

    /** When bytes last arrived from the peer ({@link System#nanoTime}). */
    public long lastReceiveNanos() {
        return ((ActivityStream) in).lastNanos;
    }

    /** The peer's HELLO (the primary's carries the configuration and VM list). */
    public Message.Hello peerHello() {
        return peerHello;
    }

    /** Starts the reader and writer threads. */
    public void start(final String name, final Listener listener) {
        final Thread reader = new Thread(() -> readLoop(listener), name + "-rx");
        final Thread writer = new Thread(() -> writeLoop(listener), name + "-tx");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    /** Queues a message; false when the link is already closed. */
    public boolean send(final Message m) {
        if (closed) {
            return false;
        }
        outbox.add(m);
        return true;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Messages waiting for the writer (the status line's back-pressure figure). */
    public int queued() {
        return outbox.size();
    }

    private void readLoop(final Listener listener) {
        try {
            while (!closed) {
                final Message m = decoder.read(in);
                if (m == null) {
                    fail(listener, "peer closed the connection");
                    return;
                }
                listener.received(m);
            }
        } catch (MessageRejected e) {
            fail(listener, "message rejected: " + e.getMessage());
        } catch (IOException e) {
            fail(listener, "connection error: " + e.getMessage());
        }
    }

    private void writeLoop(final Listener listener) {
        try {
            while (!closed) {
                Message m = outbox.poll(100, TimeUnit.MILLISECONDS);
                if (m == null || m == CLOSE) {
                    continue;
                }
                // Write everything queued, then flush once.
                while (m != null && m != CLOSE) {
                    encoder.writeTo(m, out);
                    m = outbox.poll();
                }
                out.flush();
            }
        } catch (IOException e) {
            fail(listener, "connection error: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(final Listener listener, final String why) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closeReason = why;
        }
        closeQuietly();
        listener.closed(why);
    }

    public String closeReason() {
        return closeReason;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closeReason = "closed locally";
        }
        outbox.add(CLOSE);
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken socket: nothing left to do
        }
    }
}
