package dev.hac.fuzz.campaign;

import dev.hac.fuzz.Corpus;
import dev.hac.fuzz.FuzzTarget;
import edu.berkeley.cs.jqf.instrument.InstrumentingClassLoader;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Zest campaign on one target, in this JVM. The driver and the code under test are loaded by JQF's
 * {@link InstrumentingClassLoader} over this JVM's class path with the <em>platform</em> loader as parent: with
 * the application loader as parent (the obvious choice) every class would be found there first, uninstrumented,
 * and Zest would run blind with zero coverage — the Java 17 pitfall of in-process JQF. No {@code -javaagent}
 * is needed, so the shaded CLI jar alone runs campaigns.
 *
 * <p>Output in {@code out}: {@code corpus/} (Zest's saved inputs, reused as seeds by the next campaign in the
 * same directory), {@code failures/} (each unique failure's input and {@code .trace.txt}), {@code seeds/},
 * {@code plot_data}.
 */
public final class Campaign {

    /**
     * Prefixes JQF must not instrument: everything but the code under test. Every branch an instrumented class
     * takes costs a probe (a hash-map increment in JQF's counter), so instrumenting the drivers, generators and
     * oracles ({@code dev/hac/fuzz/}, {@code dev/hac/testkit/}, the NIC oracle's wire recorder) spent most of a
     * campaign counting the oracle's loops; their branches say nothing about what the code under test has done.
     * Also the JDK, JQF and its libraries, and third-party libraries.
     */
    static final String EXCLUDES = String.join(",", "java/", "javax/", "jdk/", "sun/", "com/sun/", "org/junit/",
            "junit/", "org/hamcrest/", "com/pholser/", "edu/berkeley/cs/jqf/", "janala/", "org/objectweb/asm/",
            "org/eclipse/collections/", "picocli/", "com/fasterxml/", "org/jacoco/", "org/apache/", "org/HdrHistogram/",
            "org/opentest4j/", "org/apiguardian/", "org/assertj/", "tla2sany/", "tlc2/", "util/", "pcal/", "tla2tex/",
            "org/jfree/", "dev/hac/fuzz/", "dev/hac/testkit/", "dev/hac/nic/RecordingSink");
    /** A single execution that uses more CPU time than this is a hang and is saved as a failure. */
    static final long TIMEOUT_MILLIS = 5_000;

    /** Figures of a finished campaign. */
    public record Result(FuzzTarget target, long executions, long valid, long coverage, long validCoverage,
                         long corpus, long uniqueFailures, long elapsedMillis, long cpuMillis, Path out) {
        public long execsPerSecond() {
            return executions * 1000 / Math.max(1, elapsedMillis);
        }

        /** Executions per second of CPU time of the fuzzing thread: what a campaign gets done on a shared machine. */
        public long execsPerCpuSecond() {
            return executions * 1000 / Math.max(1, cpuMillis);
        }
    }

    /** Campaigns of the same length on several targets, one after the other. */
    public record Batch(List<Result> results, Duration time) {
        public Batch {
            results = List.copyOf(results);
        }

        /** One line on the batch, e.g. for {@code hac verify}'s summary. */
        public String line() {
            return String.format(java.util.Locale.ROOT, "%d target(s) x %ds: %,d executions, %d unique failure(s)",
                    results.size(), time.toSeconds(), results.stream().mapToLong(Result::executions).sum(),
                    results.stream().mapToLong(Result::uniqueFailures).sum());
        }
    }

    /** Runs a campaign of {@code time} on each target in turn, each in {@code out/<target id>}, announcing each. */
    public static Batch runAll(final List<FuzzTarget> targets, final Duration time, final Path out,
                               final PrintStream status, final boolean live) throws IOException {
        final List<Result> results = new ArrayList<>();
        for (final FuzzTarget t : targets) {
            status.println("hac fuzz: " + t.id() + " for " + time.toSeconds() + "s: " + t.description());
            results.add(run(t, time, out.resolve(t.id()), status, live));
        }
        return new Batch(results, time);
    }

    private Campaign() {
    }

    /**
     * Runs Zest on {@code target} for {@code time}, printing a status line to {@code status}.
     *
     * @param out the campaign directory; an earlier campaign's corpus there seeds this one
     */
    public static Result run(final FuzzTarget target, final Duration time, final Path out, final PrintStream status,
                             final boolean tty) throws IOException {
        final long[] f = run(target.driver().getName(), target.method(), target.id(),
                prepareSeeds(Corpus.seeds(target), out), time, out, status, tty);
        return new Result(target, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], out);
    }

    /** Runs Zest on any JQF driver; returns the figures of {@link ZestSession#run}. */
    static long[] run(final String driver, final String method, final String label, final List<Path> seeds,
                      final Duration time, final Path out, final PrintStream status, final boolean tty) {
        return (long[]) instrumented("the " + label + " campaign", ZestSession.class, "run",
                new Class<?>[] {String.class, String.class, String.class, File.class, File[].class, long.class,
                        PrintStream.class, boolean.class},
                driver, method, label, out.toFile(), seeds.stream().map(Path::toFile).toArray(File[]::new),
                time.toMillis(), status, tty);
    }

    /**
     * Calls the static {@code method} of {@code session} (a class of this package) as loaded by a fresh
     * {@link InstrumentingClassLoader}, so that the drivers it runs and the code under test are instrumented and
     * report to that loader's copy of JQF. Arguments and result must be JDK types: the two loaders share no others.
     */
    static Object instrumented(final String what, final Class<?> session, final String method,
                               final Class<?>[] types, final Object... args) {
        System.setProperty("janala.excludes", EXCLUDES);
        // Probe-per-edge coverage without JQF's event objects: about twice the executions per second.
        System.setProperty("useFastNonCollidingCoverageInstrumentation", "true");
        System.setProperty("jqf.ei.TIMEOUT", Long.toString(TIMEOUT_MILLIS));
        System.setProperty("jqf.ei.QUIET_MODE", "true");
        final Thread thread = Thread.currentThread();
        final ClassLoader previous = thread.getContextClassLoader();
        try (InstrumentingClassLoader loader = new InstrumentingClassLoader(classPath(), ClassLoader.getPlatformClassLoader())) {
            thread.setContextClassLoader(loader);
            return Class.forName(session.getName(), true, loader).getMethod(method, types).invoke(null, args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("cannot start JQF in the instrumenting class loader", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The committed corpus plus the corpus an earlier campaign left in {@code out}, as plain input files. */
    static List<Path> prepareSeeds(final List<Corpus.Seed> committed, final Path out) throws IOException {
        final Path seedDir = out.resolve("seeds");
        deleteTree(seedDir);
        final List<Path> seeds = new ArrayList<>(Corpus.write(committed, seedDir));
        final Path previous = out.resolve("corpus");
        if (Files.isDirectory(previous)) {
            try (Stream<Path> files = Files.list(previous)) {
                for (final Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                    seeds.add(Files.copy(p, seedDir.resolve("previous-" + p.getFileName()), StandardCopyOption.REPLACE_EXISTING));
                }
            }
        }
        return seeds;
    }

    private static void deleteTree(final Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (final Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String[] classPath() throws MalformedURLException {
        return System.getProperty("java.class.path").split(File.pathSeparator);
    }
}
