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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One model check in TLC's distributed mode: the server ({@code TLCServer}) in one child
 * JVM and, for {@link Distribution.LocalWorkers}, the workers and fingerprint set servers
 * in others, all started by {@link TlcLauncher} with their own tmpdir (and the server its
 * metadir) under the run directory.
 * <p>
 * The server prints the same {@code -tool} messages as the one-JVM checker and registers
 * the same management bean, so {@link TlcOutput} reads progress, verdicts and
 * counterexamples alike. Local fingerprint set servers are started once the server says it
 * waits for them (its RMI registry is bound), local workers once it says it is ready (the
 * fingerprint sets registered, the initial states in). A child that ends before the server
 * without having finished its work fails the run: the server would wait for a worker
 * forever, and would count the states of a lost fingerprint share wrongly (TLC hands the
 * share to another set, which has not seen its fingerprints). Everything started here is
 * killed when the run ends, however it ends.
 */
final class DistributedRun {

    /**
     * Server messages: ready for workers, a worker registered, a worker left, waiting for
     * fingerprint set servers, one registered.
     */
    private static final Pattern MESSAGE = Pattern.compile("^@!@!@STARTMSG (700[0-2]|700[89]):\\d+ @!@!@$");
    private static final String READY = "7000";
    private static final String FPSETS_WAITING = "7008";
    /** The server's "Finished in": it then closes the fingerprint set servers, and a last poll may miss them. */
    private static final String FINISHED = "@!@!@STARTMSG " + TlcOutput.FINISHED + ":";
    private static final Pattern CHECK_DEADLOCK_FALSE = Pattern.compile("(?m)^\\s*CHECK_DEADLOCK\\s+FALSE\\b");
    /** What a worker prints when the server says the search is over. */
    static final String WORKER_DONE = "work completed";
    /** What a fingerprint set server prints when the server releases it at the end of the search. */
    static final String FPSET_DONE = "Exiting TLC Distributed FP Server";

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
        final int fpsets = distribution.fpsets();
        final ServerOutput serverOut = new ServerOutput(out);
        final List<Child> children = new ArrayList<>();
        TlcLauncher launcher = TlcLauncher.of(TlcLauncher.Program.SERVER).withJvmArgs(jvmArgs)
                .withProgressEvery(pollInterval)
                .withProperty(TlcLauncher.SERVER_PORT_PROPERTY, Integer.toString(port))
                .withProperty(TlcLauncher.RMI_HOSTNAME_PROPERTY, host);
        if (fpsets > 0) {
            launcher = launcher.withProperty(TlcLauncher.EXPECTED_FPSETS_PROPERTY, Integer.toString(fpsets));
        }
        final String address = host + ":" + port;
        try (TlcLauncher.Run server = launcher.start(model.directory(), dir.resolve("server"), args, serverOut)) {
            try {
                final Distribution.LocalWorkers local = distribution instanceof Distribution.LocalWorkers w ? w : null;
                if (fpsets > 0) {
                    if (!await(serverOut.fpsetsWaiting, server, children, serverOut)) {
                        return out;
                    }
                    if (local != null) {
                        for (int i = 1; i <= fpsets; i++) {
                            children.add(Child.start(TlcWorker.Role.FPSET, i, host, port, 1, jvmArgs,
                                    model.directory(), dir.resolve("fpset-" + i)));
                        }
                    } else {
                        note("TLC server on " + address + " waits for " + fpsets + " fingerprint set server(s); on "
                                + "each of " + fpsets + " machine(s) run: hac tlc-worker --fpset --server " + address);
                    }
                }
                if (!await(serverOut.ready, server, children, serverOut)) {
                    return out;
                }
                if (local != null) {
                    for (int i = 1; i <= local.workers(); i++) {
                        children.add(Child.start(TlcWorker.Role.WORKER, i, host, port, threadsPerWorker, jvmArgs,
                                model.directory(), dir.resolve("worker-" + i)));
                    }
                    note("TLC server on " + address + ", " + local.workers() + " local worker JVM(s) with "
                            + threadsPerWorker + " thread(s) each"
                            + (fpsets > 0 ? ", " + fpsets + " local fingerprint set server JVM(s)" : ""));
                } else {
                    note("TLC server listening on " + address + "; on each worker machine run: "
                            + "hac tlc-worker --server " + address);
                }
                while (!server.waitFor(Duration.ofMillis(200))) {
                    if (failed(children, serverOut)) {
                        return out;
                    }
                }
                out.exitCode = server.exitCode();
                return out;
            } finally {
                children.forEach(c -> c.run.close());
                children.forEach(Child::closeLog);
            }
        }
    }

    /**
     * Waits for {@code latch}; false when the server ended first (its exit code taken) or
     * the run {@link #failed}.
     */
    private static boolean await(final CountDownLatch latch, final TlcLauncher.Run server, final List<Child> children,
                                 final ServerOutput serverOut) throws InterruptedException {
        while (!latch.await(100, TimeUnit.MILLISECONDS)) {
            if (!server.isAlive()) {
                serverOut.out.exitCode = server.waitFor();
                return false; // a parse or config error, or the port was taken after all
            }
            if (failed(children, serverOut)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the run must stop (and why, in the output): a child ended without finishing
     * its work, or the server lost a fingerprint set server (local or remote).
     */
    private static boolean failed(final List<Child> children, final ServerOutput serverOut)
            throws InterruptedException {
        for (final Child c : children) {
            final String lost = c.watch.lostFpsetReason();
            if (lost != null) {
                serverOut.out.fail(lost);
                return true;
            }
            if (!c.run.isAlive() && !c.watch.finished()) {
                c.run.waitFor();
                serverOut.out.fail(c.role.label() + " " + c.number + " (pid " + c.run.pid() + ") ended mid-run with "
                        + "exit code " + c.run.exitCode() + "; the server and the other JVMs were stopped. "
                        + "Its last output:\n" + c.watch.tail());
                return true;
            }
        }
        final String lost = serverOut.watch.lostFpsetReason();
        if (lost != null) {
            serverOut.out.fail(lost);
            return true;
        }
        return false;
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

    /**
     * The server's output: parsed as a one-JVM run's, watched for readiness, for children
     * coming and going, and for a lost fingerprint set server.
     */
    private final class ServerOutput implements TlcLauncher.Output {
        private final TlcOutput out;
        private final CountDownLatch ready = new CountDownLatch(1);
        private final CountDownLatch fpsetsWaiting = new CountDownLatch(1);
        private final TlcWatch watch = new TlcWatch(line -> line.startsWith(FINISHED));
        private String pending;

        ServerOutput(final TlcOutput out) {
            this.out = out;
        }

        @Override
        public void stdout(final String line) {
            if (pending != null) {
                if (READY.equals(pending)) {
                    ready.countDown();
                } else {
                    if (FPSETS_WAITING.equals(pending)) {
                        fpsetsWaiting.countDown();
                    }
                    note(line.replaceFirst(" \\(\\d{4}-.*\\)$", ""));
                }
                pending = null;
            }
            final Matcher m = MESSAGE.matcher(line);
            if (m.matches()) {
                pending = m.group(1);
            }
            watch.line(line);
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

    /**
     * A local worker or fingerprint set server JVM; its output goes to a log in its run
     * directory, the last lines kept for errors.
     */
    private static final class Child implements TlcLauncher.Output {
        private final TlcWorker.Role role;
        private final int number;
        private final Writer log;
        private final TlcWatch watch;
        private TlcLauncher.Run run;

        private Child(final TlcWorker.Role role, final int number, final Writer log) {
            this.role = role;
            this.number = number;
            this.log = log;
            this.watch = new TlcWatch(role::finishedBy);
        }

        static Child start(final TlcWorker.Role role, final int number, final String host, final int port,
                           final int threads, final List<String> jvmArgs, final Path workDir, final Path runDir)
                throws IOException {
            Files.createDirectories(runDir);
            final Child c = new Child(role, number, Files.newBufferedWriter(runDir.resolve(role.logName()),
                    StandardCharsets.UTF_8));
            c.run = role.launcher(port, threads, host).withJvmArgs(jvmArgs).start(workDir, runDir, List.of(host), c);
            return c;
        }

        @Override
        public void stdout(final String line) {
            watch.line(line);
            try {
                log.write(line);
                log.write('\n');
            } catch (final IOException e) {
                // The log is a debugging aid: keep reading, or the child blocks on a full pipe.
            }
        }

        @Override
        public void stderr(final String line) {
            stdout(line);
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
