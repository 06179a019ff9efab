package dev.hac.fencing;

import dev.hac.wire.SharedKey;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code hac witness}: the pair's third party on its own machine. Each connection gets a fresh challenge, one
 * authenticated request and one authenticated answer; the register ({@link WitnessRegister}) is durable before
 * the answer leaves. Refused requests are counted by {@link Refusal}; nothing they carry reaches the register.
 */
public final class WitnessServer implements AutoCloseable {

    /** Why a request was refused (counted; the connection is closed without an answer). */
    public enum Refusal {
        /** The MAC does not verify with the pair's key. */
        UNAUTHENTICATED,
        /** The request answers another connection's challenge (recorded and played again). */
        REPLAYED,
        /** Not a request of this protocol (length, op, claimant). */
        MALFORMED,
        /** The register could not be read or made durable: no answer rather than an answer that may not hold. */
        STORAGE
    }

    /** Figures for the status line. */
    public record Counters(long granted, long lost, long reads, Map<Refusal, Long> refused) {
        public String line() {
            return "granted=" + granted + " lost=" + lost + " reads=" + reads + " refused=" + refused;
        }
    }

    private static final int REQUEST_TIMEOUT_MS = 2000;

    private final SharedKey key;
    private final WitnessRegister register;
    private final PrintStream log;
    private final ServerSocket server;
    private final AtomicLong granted = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLongArray refused = new AtomicLongArray(Refusal.values().length);

    /**
     * Binds {@code listen} (port 0 picks one) and starts answering.
     *
     * @throws IOException when the address cannot be bound or the register file is unreadable
     */
    public WitnessServer(final InetSocketAddress listen, final SharedKey key, final Path registerFile, final PrintStream log)
            throws IOException {
        this.key = key;
        this.register = new WitnessRegister(registerFile);
        this.log = log;
        final WitnessRegister.Value v = register.read(); // a damaged register stops the start, named
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(listen);
        log.println("hac witness: register " + register.file() + " holds generation " + v.generation()
                + (v.holder().isEmpty() ? "" : " (" + v.holder() + ")"));
        final Thread t = new Thread(this::acceptLoop, "hac-witness-accept");
        t.setDaemon(true);
        t.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    public Counters counters() {
        final Map<Refusal, Long> r = new EnumMap<>(Refusal.class);
        for (final Refusal x : Refusal.values()) {
            r.put(x, refused.get(x.ordinal()));
        }
        return new Counters(granted.get(), lost.get(), reads.get(), r);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            final Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            final Thread t = new Thread(() -> serve(s), "hac-witness-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(final Socket s) {
        try (s) {
            s.setSoTimeout(REQUEST_TIMEOUT_MS);
            s.setTcpNoDelay(true);
            final DataInputStream in = new DataInputStream(s.getInputStream());
            final DataOutputStream out = new DataOutputStream(s.getOutputStream());
            final byte[] nonce = SharedKey.randomBytes(WitnessProtocol.NONCE);
            WitnessProtocol.writeFrame(out, WitnessProtocol.challenge(nonce));
            final WitnessProtocol.Request r;
            try {
                r = WitnessProtocol.parseRequest(WitnessProtocol.readFrame(in));
            } catch (IllegalArgumentException | IOException e) {
                if (!(e instanceof SocketTimeoutException) && !(e instanceof java.io.EOFException)) {
                    refuse(Refusal.MALFORMED, s, e.getMessage());
                }
                return;
            }
            if (!MessageDigest.isEqual(r.echoedNonce(), nonce)) {
                refuse(Refusal.REPLAYED, s, "answers another connection's challenge");
                return;
            }
            if (!WitnessProtocol.authentic(key, r)) {
                refuse(Refusal.UNAUTHENTICATED, s, "MAC does not verify with the pair's key");
                return;
            }
            final Witness.Answer a;
            try {
                a = r.op() == WitnessProtocol.OP_READ ? read() : register.claim(r.generation(), r.claimant());
            } catch (IllegalArgumentException e) {
                refuse(Refusal.MALFORMED, s, e.getMessage());
                return;
            } catch (IOException e) {
                refuse(Refusal.STORAGE, s, e.getMessage());
                return;
            }
            count(r, a);
            WitnessProtocol.writeFrame(out, WitnessProtocol.reply(key, nonce, r.clientNonce(),
                    new WitnessProtocol.Reply(a.outcome(), a.generation(), a.holder())));
        } catch (IOException e) {
            // the claimant went away; it sees no answer and retries
        }
    }

    private Witness.Answer read() throws IOException {
        final WitnessRegister.Value v = register.read();
        return new Witness.Answer(Witness.Outcome.READ, v.generation(), v.holder(), false, "read");
    }

    private void count(final WitnessProtocol.Request r, final Witness.Answer a) {
        switch (a.outcome()) {
            case WON -> {
                granted.incrementAndGet();
                log.println("hac witness: generation " + a.generation() + " -> " + a.holder() + " (" + a.detail() + ")");
            }
            case LOST -> {
                lost.incrementAndGet();
                log.println("hac witness: claim of generation " + r.generation() + " by " + r.claimant() + " LOST: "
                        + a.detail());
            }
            default -> reads.incrementAndGet();
        }
    }

    private void refuse(final Refusal why, final Socket s, final String detail) {
        refused.incrementAndGet(why.ordinal());
        log.println("hac witness: REFUSED a request from " + s.getRemoteSocketAddress() + " (" + why + "): " + detail);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
