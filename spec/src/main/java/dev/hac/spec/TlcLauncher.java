package dev.hac.spec;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts one TLC program (the model checker, or the distributed server or worker) in a
 * child JVM; every TLC run of the project goes through here.
 * <p>
 * A child JVM because TLC calls {@code System.exit} and keeps static state that breaks a
 * second spec in the same JVM. Each run gets its own {@code java.io.tmpdir} and
 * {@code -metadir} in a run directory the caller owns (normally in a {@link Scratch}
 * under {@code target/}): TLC deletes the standard modules it extracts to the tmpdir, so
 * parallel runs sharing one fail, and two runs in the same second with the same metadir
 * crash. The classpath is the jar (or directory) holding TLC plus the one holding this
 * class, the same shaded jar inside the {@code hac} command.
 * <p>
 * While the child runs, a shutdown hook kills it and deletes its run directory, so that
 * stopping this JVM (Ctrl-C) takes TLC and its state files with it.
 * <p>
 * Instances are immutable; the {@code with*} methods return modified copies.
 */
public final class TlcLauncher {

    /** The TLC programs this launcher starts. */
    public enum Program {
        /** {@code tlc2.TLC}: the model checker in one JVM (also {@code -simulate}). */
        MODEL_CHECKER("tlc2.TLC", true),
        /** The distributed server: holds the queue and the fingerprints, hands states to workers over RMI. */
        SERVER("tlc2.tool.distributed.TLCServer", true),
        /** A distributed worker: fetches the spec from the server and computes successor states. */
        WORKER("tlc2.tool.distributed.TLCWorker", false),
        /**
         * A distributed fingerprint set server: holds one share of the fingerprints (by their
         * low bits) for a server started with {@link #EXPECTED_FPSETS_PROPERTY}.
         */
        FPSET("tlc2.tool.distributed.fp.DistributedFPSet", false);

        private final String mainClass;
        private final boolean takesMetadir;

        Program(final String mainClass, final boolean takesMetadir) {
            this.mainClass = mainClass;
            this.takesMetadir = takesMetadir;
        }
    }

    /**
     * Receives what the child prints. Calls come one at a time (under the run's lock),
     * from the threads that read the child's output.
     */
    public interface Output {
        /** One line TLC printed on stdout. */
        void stdout(String line);

        /** One line on stderr that is not a progress poll. */
        default void stderr(final String line) {
        }

        /** A poll of TLC's management bean ({@link #withProgressEvery}): counts so far, depth (-1 unknown). */
        default void polled(final long generated, final long distinct, final long queue, final int depth) {
        }
    }

    /** The system property that sets the distributed server's RMI registry port (TLC's default is 10997). */
    public static final String SERVER_PORT_PROPERTY = "tlc2.tool.distributed.TLCServer.port";
    /** How many threads a distributed worker runs (TLC's default: the number of cores). */
    public static final String WORKER_THREADS_PROPERTY = "tlc2.tool.distributed.TLCWorker.threadCount";
    /**
     * How many fingerprint set servers the distributed server waits for before it computes
     * the initial states (TLC's default 0: the fingerprints stay in the server).
     */
    public static final String EXPECTED_FPSETS_PROPERTY = "tlc2.tool.distributed.TLCServer.expectedFPSetCount";
    /** The address RMI writes into the references this JVM hands out: peers connect to it. */
    public static final String RMI_HOSTNAME_PROPERTY = "java.rmi.server.hostname";

    private static final Pattern POLL = Pattern.compile(Pattern.quote(TlcMain.PREFIX) + "(\\d+) (\\d+) (\\d+) (-?\\d+)");

    private final Program program;
    private final List<String> jvmArgs;
    private final Map<String, String> properties;
    private final Duration progressEvery;

    private TlcLauncher(final Program program, final List<String> jvmArgs, final Map<String, String> properties,
                        final Duration progressEvery) {
        this.program = program;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.properties = Map.copyOf(properties);
        this.progressEvery = progressEvery;
    }

    /** A launcher for {@code program}, without extra JVM options and without progress polls. */
    public static TlcLauncher of(final Program program) {
        return new TlcLauncher(program, List.of(), Map.of(), Duration.ZERO);
    }

    /** Extra JVM options, e.g. {@code -Xmx4g}. */
    public TlcLauncher withJvmArgs(final List<String> args) {
        return new TlcLauncher(program, args, properties, progressEvery);
    }

    /** A system property of the child JVM. */
    public TlcLauncher withProperty(final String name, final String value) {
        final Map<String, String> p = new LinkedHashMap<>(properties);
        p.put(name, value);
        return new TlcLauncher(program, jvmArgs, p, progressEvery);
    }

    /** Poll TLC's state counts this often (TLC itself reports once a minute); zero: never. */
    public TlcLauncher withProgressEvery(final Duration interval) {
        return new TlcLauncher(program, jvmArgs, properties, interval);
    }

    /**
     * Starts the program with {@code args} in {@code workDir} (TLC resolves the spec and
     * config relative to it); its tmpdir and metadir go into {@code runDir}.
     */
    public Run start(final Path workDir, final Path runDir, final List<String> args, final Output output)
            throws IOException {
        final Path tmp = Files.createDirectories(runDir.resolve("tmp"));
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseParallelGC");
        cmd.addAll(jvmArgs);
        cmd.add("-Djava.io.tmpdir=" + tmp);
        if (!progressEvery.isZero()) {
            cmd.add("-D" + TlcMain.INTERVAL_PROPERTY + "=" + progressEvery.toMillis());
        }
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(TlcMain.class.getName());
        cmd.add(program.mainClass);
        if (program.takesMetadir) {
            cmd.add("-metadir");
            cmd.add(runDir.resolve("meta").toString());
        }
        cmd.addAll(args);
        final ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().put("TMPDIR", tmp.toString());
        return new Run(pb.start(), runDir, output);
    }

    /** One running child JVM. Closing it kills the child if it still runs. */
    public static final class Run implements AutoCloseable {
        private final Process process;
        private final Output output;
        private final Thread killer;
        private final Thread stdout;
        private final Thread stderr;

        private Run(final Process process, final Path runDir, final Output output) {
            this.process = process;
            this.output = output;
            // Stopping this JVM mid-run: TLC's state files (hundreds of MB) go with TLC.
            this.killer = new Thread(() -> {
                kill();
                Scratch.delete(runDir);
            }, "hac-tlc-kill");
            Runtime.getRuntime().addShutdownHook(killer);
            this.stdout = reader(process.getInputStream(), this::stdoutLine, "hac-tlc-stdout");
            this.stderr = reader(process.getErrorStream(), this::stderrLine, "hac-tlc-stderr");
        }

        private Thread reader(final InputStream in, final java.util.function.Consumer<String> sink, final String name) {
            final Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        sink.accept(line);
                    }
                } catch (final IOException e) {
                    // The process ended; whatever it wrote is in.
                }
            }, name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        private void stdoutLine(final String line) {
            synchronized (output) {
                output.stdout(line);
            }
        }

        private void stderrLine(final String line) {
            final Matcher m = POLL.matcher(line);
            synchronized (output) {
                if (m.matches()) {
                    output.polled(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                            Integer.parseInt(m.group(4)));
                } else {
                    output.stderr(line);
                }
            }
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Waits until the child has ended and all its output has been handed on; returns its exit code. */
        public int waitFor() throws InterruptedException {
            final int code = process.waitFor();
            stdout.join();
            stderr.join();
            return code;
        }

        /** As {@link #waitFor()}, but at most {@code timeout}; false if the child still runs. */
        public boolean waitFor(final Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            stdout.join();
            stderr.join();
            return true;
        }

        /** The exit code of an ended child. */
        public int exitCode() {
            return process.exitValue();
        }

        /** Kills the child (SIGKILL) and waits for it to be gone. */
        public void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            kill();
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (final IllegalStateException shuttingDown) {
                // The hook is running already, which is what we want.
            }
        }
    }

    /** The classpath of TLC's JVM: where TLC and this library come from (one shaded jar, or two entries). */
    static String classpath() {
        final Set<String> entries = new LinkedHashSet<>();
        for (final Class<?> c : new Class<?>[] {tlc2.TLC.class, TlcMain.class}) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (final URISyntaxException | NullPointerException e) {
                throw new IllegalStateException("cannot locate the jar of " + c.getName(), e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
