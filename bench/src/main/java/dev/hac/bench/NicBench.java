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

    /** Throughput of one implementation at one frame size. */
    public record Throughput(String implementation, int frameBytes, double framesPerSecond, double error,
                             double bytesAllocatedPerFrame) {
    }

    /** Release time of one implementation at one buffer fill. */
    public record Release(String implementation, int buffered, double nanos, double error) {
    }

    /** Everything measured, plus the ratios. */
    public record Report(List<Throughput> throughput, List<Release> release) {

        /** Engine frames/s over baseline frames/s at a frame size. */
        public double speedup(final int frameBytes) {
            return find("engine", frameBytes).framesPerSecond() / find("baseline", frameBytes).framesPerSecond();
        }

        /** Release time at the largest fill over the smallest, for one implementation. */
        public double releaseGrowth(final String implementation) {
            final List<Release> rs = release.stream().filter(r -> r.implementation().equals(implementation)).toList();
            final Release small = rs.stream().min((a, b) -> Integer.compare(a.buffered(), b.buffered())).orElseThrow();
            final Release large = rs.stream().max((a, b) -> Integer.compare(a.buffered(), b.buffered())).orElseThrow();
            return large.nanos() / small.nanos();
        }

        private Throughput find(final String implementation, final int frameBytes) {
            return throughput.stream().filter(t -> t.implementation().equals(implementation) && t.frameBytes() == frameBytes)
                    .findFirst().orElseThrow();
        }

        /** The summary table. */
        public void print(final PrintStream out) {
            out.println();
            out.println("NIC engine: buffer -> seal -> commit -> transmit, one thread, "
                    + NicThroughputBenchmark.EPOCH_FRAMES + " frames per epoch");
            out.printf(Locale.ROOT, "%-10s %7s %12s %10s %14s%n", "impl", "frame B", "Mpps", "vs base", "alloc B/frame");
            for (final Throughput t : throughput) {
                out.printf(Locale.ROOT, "%-10s %7d %8.2f±%-4.2f %9.1fx %14.2f%n", t.implementation(), t.frameBytes(),
                        t.framesPerSecond() / 1e6, t.error() / 1e6, t.framesPerSecond()
                                / find("baseline", t.frameBytes()).framesPerSecond(), t.bytesAllocatedPerFrame());
            }
            out.println();
            out.println("Release: one commit of a sealed epoch holding N frames of 64 B");
            out.printf(Locale.ROOT, "%-10s %9s %14s%n", "impl", "N", "release ns");
            for (final Release r : release) {
                out.printf(Locale.ROOT, "%-10s %9d %10.0f±%-6.0f%n", r.implementation(), r.buffered(), r.nanos(), r.error());
            }
            out.printf(Locale.ROOT, "release time ratio 100k/1k: engine %.2f, baseline %.1f%n",
                    releaseGrowth("engine"), releaseGrowth("baseline"));
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
                .jvmArgsAppend("-XX:+UseParallelGC", "-Xmx1g")
                .verbosity(VerboseMode.NORMAL);
        return condense(new Runner(options.build()).run());
    }

    static Report condense(final Collection<RunResult> results) {
        final List<Throughput> throughput = new ArrayList<>();
        final List<Release> release = new ArrayList<>();
        for (final RunResult r : results) {
            final String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            final Result<?> primary = r.getPrimaryResult();
            switch (method) {
                case "engine", "baseline" -> throughput.add(new Throughput(method,
                        Integer.parseInt(r.getParams().getParam("frameBytes")), primary.getScore(),
                        primary.getScoreError(), allocationPerOp(r.getSecondaryResults())));
                case "engineRelease", "baselineRelease" -> release.add(new Release(
                        method.replace("Release", ""), Integer.parseInt(r.getParams().getParam("buffered")),
                        primary.getScore(), primary.getScoreError()));
                default -> throw new IllegalStateException("unexpected benchmark " + method);
            }
        }
        throughput.sort((a, b) -> a.frameBytes() != b.frameBytes() ? Integer.compare(a.frameBytes(), b.frameBytes())
                : b.implementation().compareTo(a.implementation()));
        release.sort((a, b) -> !a.implementation().equals(b.implementation())
                ? b.implementation().compareTo(a.implementation()) : Integer.compare(a.buffered(), b.buffered()));
        return new Report(throughput, release);
    }

    /** JMH names it "gc.alloc.rate.norm" (older versions prefix a middle dot). */
    private static double allocationPerOp(final Map<String, Result> secondary) {
        return secondary.entrySet().stream().filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
                .mapToDouble(e -> e.getValue().getScore()).findFirst().orElse(Double.NaN);
    }
}
