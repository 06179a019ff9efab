package dev.hac.spec;

import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One model check in TLC's distributed mode: the server ({@code TLCServer}) in one child
 * JVM and, for {@link Distribution.LocalWorkers}, the workers in others, all started by
 * {@link TlcLauncher} with their own tmpdir (and the server its metadir) under the run
 * directory.
 * <p>
 * The server prints the same {@code -tool} messages as the one-JVM checker and registers
 * the same management bean, so {@link TlcOutput} reads progress, verdicts and
 * counterexamples alike. Local workers are started once the server says it is ready
 * (its RMI registry is bound and the initial states are in); one that ends before the
 * server without having finished its work fails the run: the server would wait for it
 * forever. Everything started here is killed when the run ends, however it ends.
 */
final class DistributedRun {

    /** Server messages: ready for workers, a worker registered, a worker left. */
    private static final Pattern MESSAGE = Pattern.compile("^@!@!@STARTMSG (700[0-2]):\\d+ @!@!@$");
    private static final Pattern CHECK_DEADLOCK_FALSE = Pattern.compile("(?m)^\\s*CHECK_DEADLOCK\\s+FALSE\\b");
    /** What a worker prints when the server says the search is over. */
    static final String WORKER_DONE = "work completed";
    private static final int TAIL_LINES = 15;

    private final Distribution distribution;
    private final int threadsPerWorker;
    private final Duration pollInterval;
    private final List<String> jvmArgs;
    private final CheckListener listener;

    DistributedRun(final Distribution distribution, final int threadsPerWorker, final Duration pollInterval,
                   final List<String> jvmArgs, final CheckListener listener) {
        this.distribution = distribution;
        this.threadsPerWorker = threadsPerWorker;
        this.pollInterval = pollInterval;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.listener = listener;
    }

    TlcOutput run(final Model model, final Path cfg, final TlcOutput out, final Path dir)
            throws IOException, InterruptedException {
        final String host;
        final int port;
        if (distribution instanceof Distribution.Server s) {
            host = s.host();
            port = s.port();
            final String busy = unbindable(port);
            if (busy != null) {
                out.fail("the TLC server cannot listen on port " + port + ": " + busy);
                return out;
            }
        } else {
            host = InetAddress.getLoopbackAddress().getHostAddress();
            port = freePort();
        }
        final List<String> args = new ArrayList<>(List.of("-tool", "-config", cfg.toString()));
        if (CHECK_DEADLOCK_FALSE.matcher(model.cfg().text()).find()) {
            args.add("-deadlock"); // the distributed server takes this from its options only, not from the config
        }
        args.add(model.tlaFile().getFileName().toString());
        final ServerOutput serverOut = new ServerOutput(out);
        final List<Worker> workers = new ArrayList<>();
        try (TlcLauncher.Run server = TlcLauncher.of(TlcLauncher.Program.SERVER).withJvmArgs(jvmArgs)
                .withProgressEvery(pollInterval)
                .withProperty(TlcLauncher.SERVER_PORT_PROPERTY, Integer.toString(port))
                .withProperty(TlcLauncher.RMI_HOSTNAME_PROPERTY, host)
                .start(model.directory(), dir.resolve("server"), args, serverOut)) {
            try {
                while (!serverOut.ready.await(100, TimeUnit.MILLISECONDS)) {
                    if (!server.isAlive()) {
                        out.exitCode = server.waitFor();
                        return out; // a parse or config error, or the port was taken after all
                    }
                }
                if (distribution instanceof Distribution.LocalWorkers local) {
                    for (int i = 1; i <= local.workers(); i++) {
                        workers.add(Worker.start(i, host, port, threadsPerWorker, jvmArgs, model.directory(),
                                dir.resolve("worker-" + i)));
                    }
                    note("TLC server on " + host + ":" + port + ", " + local.workers() + " local worker JVM(s) with "
                            + threadsPerWorker + " thread(s) each");
                } else {
                    note("TLC server listening on " + host + ":" + port + "; on each worker machine run: "
                            + "hac tlc-worker --server " + host + ":" + port);
                }
                while (!server.waitFor(Duration.ofMillis(200))) {
                    for (final Worker w : workers) {
                        if (!w.run.isAlive() && !w.finished()) {
                            w.run.waitFor();
                            out.fail("TLC worker " + w.number + " (pid " + w.run.pid() + ") ended mid-run with exit code "
                                    + w.run.exitCode() + "; the server and the other workers were stopped. "
                                    + "Its last output:\n" + w.tail());
                            return out;
                        }
                    }
                }
                out.exitCode = server.exitCode();
                return out;
            } finally {
                workers.forEach(w -> w.run.close());
                workers.forEach(Worker::closeLog);
            }
        }
    }

    private void note(final String message) {
        listener.note(message);
    }

    /** Why nothing can listen on {@code port} here, or null if something can. */
    static String unbindable(final int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(port));
            return null;
        } catch (final IOException e) {
            return e.getMessage();
        }
    }

    /** A port nothing listens on right now, for a server on loopback. */
    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** The server's output: parsed as a one-JVM run's, watched for readiness and for workers coming and going. */
    private final class ServerOutput implements TlcLauncher.Output {
        private final TlcOutput out;
        private final CountDownLatch ready = new CountDownLatch(1);
        private String pending;

        ServerOutput(final TlcOutput out) {
            this.out = out;
        }

        @Override
        public void stdout(final String line) {
            if (pending != null) {
                if ("7000".equals(pending)) {
                    ready.countDown();
                } else {
                    note(line.replaceFirst(" \\(\\d{4}-.*\\)$", ""));
                }
                pending = null;
            }
            final Matcher m = MESSAGE.matcher(line);
            if (m.matches()) {
                pending = m.group(1);
            }
            out.stdout(line);
        }

        @Override
        public void stderr(final String line) {
            out.stderr(line);
        }

        @Override
        public void polled(final long generated, final long distinct, final long queue, final int depth) {
            out.polled(generated, distinct, queue, depth);
        }
    }

    /** A local worker JVM; its output goes to a log in its run directory, the last lines kept for errors. */
    private static final class Worker implements TlcLauncher.Output {
        private final int number;
        private final Writer log;
        private final Deque<String> tail = new ArrayDeque<>();
        private boolean done;
        private TlcLauncher.Run run;

        private Worker(final int number, final Writer log) {
            this.number = number;
            this.log = log;
        }

        static Worker start(final int number, final String host, final int port, final int threads,
                            final List<String> jvmArgs, final Path workDir, final Path runDir) throws IOException {
            Files.createDirectories(runDir);
            final Worker w = new Worker(number, Files.newBufferedWriter(runDir.resolve("worker.log"),
                    StandardCharsets.UTF_8));
            w.run = TlcLauncher.of(TlcLauncher.Program.WORKER).withJvmArgs(jvmArgs)
                    .withProperty(TlcLauncher.SERVER_PORT_PROPERTY, Integer.toString(port))
                    .withProperty(TlcLauncher.WORKER_THREADS_PROPERTY, Integer.toString(threads))
                    .withProperty(TlcLauncher.RMI_HOSTNAME_PROPERTY, host)
                    .start(workDir, runDir, List.of(host), w);
            return w;
        }

        @Override
        public void stdout(final String line) {
            done |= line.contains(WORKER_DONE);
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(line);
            try {
                log.write(line);
                log.write('\n');
            } catch (final IOException e) {
                // The log is a debugging aid: keep reading, or the worker blocks on a full pipe.
            }
        }

        @Override
        public void stderr(final String line) {
            stdout(line);
        }

        synchronized boolean finished() {
            return done;
        }

        synchronized String tail() {
            return String.join("\n", tail);
        }

        void closeLog() {
            try {
                log.close();
            } catch (final IOException e) {
                // The log is a debugging aid; the run's result matters more.
            }
        }
    }
}
