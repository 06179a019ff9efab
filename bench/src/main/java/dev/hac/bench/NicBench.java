package dev.hac.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link NicThroughputBenchmark} and {@link ReleaseCostBenchmark} through JMH's {@link Runner} (forked JVMs
 * use the current class path, so this works from the shaded CLI jar) with the GC profiler, and condenses the
 * results into the figures DESIGN.md §6 asks for.
 */
public final class NicBench {

    /** How long to run. */
    public record Settings(int forks, int warmupIterations, int measurementIterations, int iterationMillis) {
        public Settings {
            if (forks < 0 || warmupIterations < 0 || measurementIterations < 1 || iterationMillis < 10) {
                throw new IllegalArgumentException("forks >= 0, warmup >= 0, iterations >= 1, iteration time >= 10 ms");
            }
        }
    }

    /** Throughput of one implementation at one frame size and epoch size. */
    public record Throughput(String implementation, int frameBytes, int epochFrames, double framesPerSecond,
                             double error, double bytesAllocatedPerFrame) {
    }

    /** Release time of one implementation at one buffer fill: median and mean of the sampled invocations. */
    public record Release(String implementation, int buffered, double medianNanos, double meanNanos) {
    }

    /** Everything measured, plus the ratios. */
    public record Report(List<Throughput> throughput, List<Release> release) {


        /** Release time at the largest fill over the smallest, for one implementation. */
        public double releaseGrowth(final String implementation) {
            final List<Release> rs = release.stream().filter(r -> r.implementation().equals(implementation)).toList();
            final Release small = rs.stream().min((a, b) -> Integer.compare(a.buffered(), b.buffered())).orElseThrow();
            final Release large = rs.stream().max((a, b) -> Integer.compare(a.buffered(), b.buffered())).orElseThrow();
            return large.medianNanos() / small.medianNanos();
        }

        /** JMH's 99.9% error, or nothing when there were too few iterations to compute one. */
        private static String plusMinus(final double error, final String format) {
            return Double.isFinite(error) ? " ±" + String.format(Locale.ROOT, format, error) : "";
        }

        private Throughput baselineOf(final Throughput t) {
            return throughput.stream().filter(b -> b.implementation().equals(BenchedNic.BASELINE)
                    && b.frameBytes() == t.frameBytes() && b.epochFrames() == t.epochFrames()).findFirst().orElseThrow();
        }

        /** The summary table. */
        public void print(final PrintStream out) {
            out.println();
            out.println("NIC path: buffer -> seal -> commit -> transmit, one thread");
            out.printf(Locale.ROOT, "%-10s %7s %7s %-14s %8s %14s%n", "impl", "frame B", "epoch", "   Mpps", "vs base",
                    "alloc B/frame");
            for (final Throughput t : throughput) {
                out.printf(Locale.ROOT, "%-10s %7d %7d %7.2f%-7s %7.1fx %14.2f%n", t.implementation(), t.frameBytes(),
                        t.epochFrames(), t.framesPerSecond() / 1e6, plusMinus(t.error() / 1e6, "%.2f"),
                        t.framesPerSecond() / baselineOf(t).framesPerSecond(), t.bytesAllocatedPerFrame());
            }
            out.println();
            out.println("Release: one commit of a sealed epoch holding N frames of 64 B");
            out.printf(Locale.ROOT, "%-10s %9s %12s %12s%n", "impl", "N", "median ns", "mean ns");
            for (final Release r : release) {
                out.printf(Locale.ROOT, "%-10s %9d %12.0f %12.0f%n", r.implementation(), r.buffered(), r.medianNanos(),
                        r.meanNanos());
            }
            out.printf(Locale.ROOT, "release time ratio 100k/1k (medians): engine %.2f, baseline %.1f%n",
                    releaseGrowth(BenchedNic.ENGINE), releaseGrowth(BenchedNic.BASELINE));
            out.println();
            out.println("targets (DESIGN.md 6): >= 15 Mpps at 64 B, >= 5x baseline, ~0 B/frame, release ratio <= 2");
        }
    }

    private NicBench() {
    }

    /** Runs both benchmarks; JMH's own progress goes to stdout. */
    public static Report run(final Settings s) throws RunnerException {
        final ChainedOptionsBuilder options = new OptionsBuilder()
                .include(NicThroughputBenchmark.class.getName() + "\\.")
                .include(ReleaseCostBenchmark.class.getName() + "\\.")
                .addProfiler(GCProfiler.class)
                .forks(s.forks())
                .warmupIterations(s.warmupIterations())
                .warmupTime(TimeValue.milliseconds(s.iterationMillis()))
                .measurementIterations(s.measurementIterations())
                .measurementTime(TimeValue.milliseconds(s.iterationMillis()))
                // Huge pages for the engine's preallocated rings and slab, as a deployment would use: with 4 KiB
                // pages, filling 100k frames evicts the page-walk caches and the release after it pays TLB misses
                // that a 1k fill does not (measured: median 3.4 us vs 0.7 us without, 0.6 vs 0.4 with).
                .jvmArgsAppend("-XX:+UseParallelGC", "-Xmx1g", "-XX:+UseTransparentHugePages")
                .verbosity(VerboseMode.NORMAL);
        return condense(new Runner(options.build()).run());
    }

    static Report condense(final Collection<RunResult> results) {
        final List<Throughput> throughput = new ArrayList<>();
        final List<Release> release = new ArrayList<>();
        for (final RunResult r : results) {
            final String impl = r.getParams().getParam("impl");
            final Result<?> primary = r.getPrimaryResult();
            if (r.getParams().getBenchmark().startsWith(NicThroughputBenchmark.class.getName())) {
                // Scores per frame come from the "frames" auxiliary counter; allocation is per invocation (epoch).
                final int epochFrames = Integer.parseInt(r.getParams().getParam("epochFrames"));
                final Result<?> frames = (Result<?>) r.getSecondaryResults().get("frames");
                throughput.add(new Throughput(impl, Integer.parseInt(r.getParams().getParam("frameBytes")), epochFrames,
                        frames.getScore(), frames.getScoreError(),
                        allocationPerOp(r.getSecondaryResults()) / epochFrames));
            } else {
                release.add(new Release(impl, Integer.parseInt(r.getParams().getParam("buffered")),
                        primary.getStatistics().getPercentile(50), primary.getScore()));
            }
        }
        throughput.sort(java.util.Comparator.comparingInt(Throughput::frameBytes).thenComparingInt(Throughput::epochFrames)
                .thenComparing(Throughput::implementation, java.util.Comparator.reverseOrder()));
        release.sort((a, b) -> !a.implementation().equals(b.implementation())
                ? b.implementation().compareTo(a.implementation()) : Integer.compare(a.buffered(), b.buffered()));
        return new Report(throughput, release);
    }

    /** JMH names it "gc.alloc.rate.norm" (older versions prefix a middle dot). */
    private static double allocationPerOp(final Map<String, ?> secondary) {
        return secondary.entrySet().stream().filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
                .mapToDouble(e -> ((Result<?>) e.getValue()).getScore()).findFirst().orElse(Double.NaN);
    }
}
