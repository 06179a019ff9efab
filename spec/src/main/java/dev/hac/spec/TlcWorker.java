package dev.hac.spec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A helper of TLC's distributed mode for a server on another machine ({@code hac check
 * --serve}): a worker, which fetches the spec from the server over RMI and computes
 * successor states, or a fingerprint set server, which holds a share of the fingerprints,
 * each until the server says the search is over. One child JVM started by
 * {@link TlcLauncher}, its tmpdir under the scratch root.
 * <p>
 * TLC's own programs retry an unreachable server for ever; this one first checks that
 * the server's registry port answers within the connect timeout, and gives up if the
 * child keeps reporting the server unreachable for that long. A worker that sees a
 * fingerprint set server stop answering stops too: TLC would hand that share to another
 * set server that has not seen its fingerprints, and count states wrongly.
 */
public final class TlcWorker {

    /** What the child JVM does for the server. */
    public enum Role {
        /** Computes successor states ({@code TLCWorker}). */
        WORKER("TLC worker", TlcLauncher.Program.WORKER, DistributedRun.WORKER_DONE, "worker"),
        /** Holds the fingerprints whose low bits select it ({@code DistributedFPSet}). */
        FPSET("fingerprint set server", TlcLauncher.Program.FPSET, DistributedRun.FPSET_DONE, "fpset");

        private final String label;
        private final TlcLauncher.Program program;
        private final String doneLine;
        private final String dirName;

        Role(final String label, final TlcLauncher.Program program, final String doneLine, final String dirName) {
            this.label = label;
            this.program = program;
            this.doneLine = doneLine;
            this.dirName = dirName;
        }

        /** How messages name it, e.g. "TLC worker". */
        public String label() {
            return label;
        }

        String logName() {
            return dirName + ".log";
        }

        /** Whether {@code line} says the server released it at the end of the search. */
        boolean finishedBy(final String line) {
            return line.contains(doneLine);
        }

        /** Its launcher for the server whose registry is on {@code port}; the server calls it back at {@code host}. */
        TlcLauncher launcher(final int port, final int threads, final String host) {
            final TlcLauncher l = TlcLauncher.of(program)
                    .withProperty(TlcLauncher.SERVER_PORT_PROPERTY, Integer.toString(port))
                    .withProperty(TlcLauncher.RMI_HOSTNAME_PROPERTY, host);
            return this == WORKER ? l.withProperty(TlcLauncher.WORKER_THREADS_PROPERTY, Integer.toString(threads)) : l;
        }
    }

    /**
     * What to run.
     *
     * @param role           a worker or a fingerprint set server
     * @param server         the server's RMI registry address
     * @param threads        worker threads in the worker JVM (ignored for a fingerprint set server)
     * @param host           the address the server reaches this machine by, or null for the
     *                       one this machine uses to reach the server
     * @param connectTimeout how long the server may stay unreachable
     * @param scratchRoot    where the child's run directory goes
     * @param jvmArgs        options of the child JVM, e.g. {@code -Xmx8g} for a fingerprint set server
     */
    public record Settings(Role role, InetSocketAddress server, int threads, String host, Duration connectTimeout,
                           Path scratchRoot, List<String> jvmArgs) {
        public Settings {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
            jvmArgs = List.copyOf(jvmArgs);
        }
    }

    /**
     * How the child ended.
     *
     * @param completed whether the server ended the search and released the child
     * @param message   TLC's last words: the child's final line, or its last lines on failure
     * @param duration  wall time
     */
    public record Result(boolean completed, String message, Duration duration) {
    }

    private static final String UNREACHABLE = "unreachable, sleeping";

    private TlcWorker() {
    }

    /**
     * Runs the child until the server releases it; {@code lines} hears every line it
     * prints.
     *
     * @throws IOException the server does not answer within the connect timeout
     */
    public static Result run(final Settings s, final Consumer<String> lines) throws IOException, InterruptedException {
        final long start = System.nanoTime();
        final String local = localAddressTowards(s.server(), s.connectTimeout());
        final String host = s.host() != null ? s.host() : local;
        final TlcWatch watch = new TlcWatch(s.role()::finishedBy);
        final long[] unreachableSince = {0};
        final TlcLauncher.Output output = new TlcLauncher.Output() {
            @Override
            public void stdout(final String line) {
                lines.accept(line);
                watch.line(line);
                if (!line.contains(UNREACHABLE)) {
                    unreachableSince[0] = 0;
                } else if (unreachableSince[0] == 0) {
                    unreachableSince[0] = System.nanoTime();
                }
            }

            @Override
            public void stderr(final String line) {
                stdout(line);
            }
        };
        final String name = s.role().label();
        try (Scratch scratch = Scratch.create(s.scratchRoot(), s.role().dirName);
             TlcLauncher.Run child = s.role().launcher(s.server().getPort(), s.threads(), host).withJvmArgs(s.jvmArgs())
                     .start(scratch.dir(), scratch.dir(s.role().dirName), List.of(s.server().getHostString()),
                             output)) {
            while (!child.waitFor(Duration.ofMillis(200))) {
                synchronized (output) {
                    if (unreachableSince[0] != 0
                            && System.nanoTime() - unreachableSince[0] > s.connectTimeout().toNanos()) {
                        throw new IOException("the TLC server at " + address(s.server()) + " stayed unreachable for "
                                + s.connectTimeout().toSeconds() + " s; the " + name + " was stopped");
                    }
                    final String lost = watch.lostFpsetReason();
                    if (lost != null) {
                        return new Result(false, lost, Duration.ofNanos(System.nanoTime() - start));
                    }
                }
            }
            synchronized (output) {
                final Duration took = Duration.ofNanos(System.nanoTime() - start);
                return watch.finished() ? new Result(true, watch.lastLine(), took)
                        : new Result(false, "the " + name + " ended (exit code " + child.exitCode() + ") before the "
                                + "server finished the search; its last output:\n" + watch.tail(), took);
            }
        }
    }

    /**
     * The address of this machine on the route to the server, found by connecting to the
     * server's registry port (retried until {@code timeout}).
     *
     * @throws IOException the port does not answer in time
     */
    static String localAddressTowards(final InetSocketAddress server, final Duration timeout)
            throws IOException, InterruptedException {
        if (server.isUnresolved()) {
            throw new IOException("unknown host '" + server.getHostString() + "'");
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(server, (int) Math.max(1, Math.min(timeout.toMillis(), 5_000)));
                final InetAddress local = probe.getLocalAddress();
                return local.getHostAddress();
            } catch (final IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("cannot reach the TLC server at " + address(server) + " within "
                            + timeout.toSeconds() + " s: " + e.getMessage()
                            + " (is 'hac check --serve' running there, and is the port open?)", e);
                }
                Thread.sleep(500);
            }
        }
    }

    private static String address(final InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
