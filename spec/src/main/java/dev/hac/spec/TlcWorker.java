package dev.hac.spec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * A worker of TLC's distributed mode for a server on another machine ({@code hac check
 * --serve}): one child JVM started by {@link TlcLauncher}, its tmpdir under the scratch
 * root. The worker fetches the spec from the server over RMI and computes successor
 * states until the server says the search is over.
 * <p>
 * TLC's own worker retries an unreachable server for ever; this one first checks that
 * the server's registry port answers within the connect timeout, and gives up if the
 * worker keeps reporting the server unreachable for that long.
 */
public final class TlcWorker {

    /**
     * What to run.
     *
     * @param server         the server's RMI registry address
     * @param threads        worker threads in the worker JVM
     * @param host           the address the server reaches this machine by, or null for the
     *                       one this machine uses to reach the server
     * @param connectTimeout how long the server may stay unreachable
     * @param scratchRoot    where the worker's run directory goes
     */
    public record Settings(InetSocketAddress server, int threads, String host, Duration connectTimeout,
                           Path scratchRoot) {
        public Settings {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
        }
    }

    /**
     * How the worker ended.
     *
     * @param completed whether the server ended the search and released the worker
     * @param message   TLC's last words: the worker's final line, or its last lines on failure
     * @param duration  wall time
     */
    public record Result(boolean completed, String message, Duration duration) {
    }

    private static final String UNREACHABLE = "unreachable, sleeping";
    private static final int TAIL_LINES = 15;

    private TlcWorker() {
    }

    /**
     * Runs the worker until the server releases it; {@code lines} hears every line it
     * prints.
     *
     * @throws IOException the server does not answer within the connect timeout
     */
    public static Result run(final Settings s, final Consumer<String> lines) throws IOException, InterruptedException {
        final long start = System.nanoTime();
        final String local = localAddressTowards(s.server(), s.connectTimeout());
        final String host = s.host() != null ? s.host() : local;
        final Deque<String> tail = new ArrayDeque<>();
        final long[] unreachableSince = {0};
        final boolean[] done = {false};
        final TlcLauncher.Output output = new TlcLauncher.Output() {
            @Override
            public void stdout(final String line) {
                lines.accept(line);
                if (tail.size() == TAIL_LINES) {
                    tail.removeFirst();
                }
                tail.addLast(line);
                done[0] |= line.contains(DistributedRun.WORKER_DONE);
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
        try (Scratch scratch = Scratch.create(s.scratchRoot(), "worker");
             TlcLauncher.Run worker = TlcLauncher.of(TlcLauncher.Program.WORKER)
                     .withProperty(TlcLauncher.SERVER_PORT_PROPERTY, Integer.toString(s.server().getPort()))
                     .withProperty(TlcLauncher.WORKER_THREADS_PROPERTY, Integer.toString(s.threads()))
                     .withProperty(TlcLauncher.RMI_HOSTNAME_PROPERTY, host)
                     .start(scratch.dir(), scratch.dir("worker"), List.of(s.server().getHostString()), output)) {
            while (!worker.waitFor(Duration.ofMillis(200))) {
                synchronized (output) {
                    if (unreachableSince[0] != 0
                            && System.nanoTime() - unreachableSince[0] > s.connectTimeout().toNanos()) {
                        throw new IOException("the TLC server at " + address(s.server()) + " stayed unreachable for "
                                + s.connectTimeout().toSeconds() + " s; the worker was stopped");
                    }
                }
            }
            synchronized (output) {
                final Duration took = Duration.ofNanos(System.nanoTime() - start);
                return done[0] ? new Result(true, tail.getLast(), took)
                        : new Result(false, "the worker ended (exit code " + worker.exitCode() + ") before the server "
                                + "finished the search; its last output:\n" + String.join("\n", tail), took);
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
