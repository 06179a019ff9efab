package dev.hac.bench;

import java.io.PrintStream;
import java.util.ArrayList;
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
 * results into the figures docs/DESIGN.md §6 asks for.
 */
public final class NicBench {

    /**
     * How long to run.
     *
     * @param forks                 JMH forks per parameter set
     * @param warmupIterations      throughput warmup iterations
     * @param measurementIterations throughput measurement iterations
     * @param iterationMillis       length of a throughput iteration
     * @param releaseShots          releases timed per fill size (after as many warmup shots)
     */
    public record Settings(int forks, int warmupIterations, int measurementIterations, int iterationMillis,
                           int releaseShots) {
        public Settings {
            if (forks < 0 || warmupIterations < 0 || measurementIterations < 1 || iterationMillis < 10
                    || releaseShots < 10) {
                throw new IllegalArgumentException(
                        "forks >= 0, warmup >= 0, iterations >= 1, iteration time >= 10 ms, release shots >= 10");
            }
        }
    }

    /** Throughput of one implementation at one frame size and epoch size. */
    public record Throughput(String implementation, int frameBytes, int epochFrames, double framesPerSecond,
                             double error, double bytesAllocatedPerFrame) {
    }

    /** Release time of one implementation at one buffer fill: median and mean of the timed shots. */
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
            out.println("docs/DESIGN.md 6 targets (64 B frames, 64-frame epochs):");
            final Throughput small = throughput.stream().filter(t -> t.implementation().equals(BenchedNic.ENGINE)
                    && t.frameBytes() == 64 && t.epochFrames() == 64).findFirst().orElseThrow();
            final double worstAllocation = throughput.stream().filter(t -> !t.implementation().equals(BenchedNic.BASELINE))
                    .mapToDouble(Throughput::bytesAllocatedPerFrame).max().orElse(Double.NaN);
            target(out, "throughput >= 15 Mpps", small.framesPerSecond() / 1e6, "Mpps", small.framesPerSecond() >= 15e6);
            final double speedup = small.framesPerSecond() / baselineOf(small).framesPerSecond();
            target(out, "speed-up >= 5x baseline", speedup, "x", speedup >= 5);
            target(out, "allocation ~0 B/frame (< 1, any size)", worstAllocation, "B/frame", worstAllocation < 1);
            target(out, "release 100k/1k <= 2", releaseGrowth(BenchedNic.ENGINE), "", releaseGrowth(BenchedNic.ENGINE) <= 2);
        }

        private static void target(final PrintStream out, final String what, final double value, final String unit,
                                   final boolean met) {
            out.printf(Locale.ROOT, "  %-40s %10.2f %-8s %s%n", what, value, unit, met ? "met" : "NOT met");
        }
    }

    private NicBench() {
    }

    /** Runs both benchmarks; JMH's own progress goes to stdout. */
    public static Report run(final Settings s) throws RunnerException {
        final List<RunResult> results = new ArrayList<>();
        results.addAll(new Runner(common(s, NicThroughputBenchmark.class)
                .warmupIterations(s.warmupIterations())
                .warmupTime(TimeValue.milliseconds(s.iterationMillis()))
                .measurementIterations(s.measurementIterations())
                .measurementTime(TimeValue.milliseconds(s.iterationMillis()))
                .build()).run());
        results.addAll(new Runner(common(s, ReleaseCostBenchmark.class)
                .warmupIterations(s.releaseShots())
                .measurementIterations(s.releaseShots())
                .build()).run());
        return condense(results);
    }

    private static ChainedOptionsBuilder common(final Settings s, final Class<?> benchmark) {
        return new OptionsBuilder()
                .include(benchmark.getName() + "\\.")
                .addProfiler(GCProfiler.class)
                .forks(s.forks())
                // Huge pages for the engine's preallocated rings and slab, as a deployment would use: with 4 KiB
                // pages, filling 100k frames evicts the page-walk caches and the release after it pays TLB misses
                // that a 1k fill does not.
                .jvmArgsAppend("-XX:+UseParallelGC", "-Xmx1g", "-XX:+UseTransparentHugePages")
                .verbosity(VerboseMode.NORMAL);
    }

    static Report condense(final List<RunResult> results) {
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
