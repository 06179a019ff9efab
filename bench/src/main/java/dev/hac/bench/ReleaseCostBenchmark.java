package dev.hac.bench;

import dev.hac.nic.FrameSink;
import dev.hac.nic.NicConfig;
import dev.hac.nic.NicEngine;
import dev.hac.nic.OverflowPolicy;
import dev.hac.nic.SchedulerPolicy;
import dev.hac.nic.VfConfig;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one commit that releases a sealed epoch holding {@code buffered} 64-byte frames (the release only;
 * filling and draining happen outside the measurement), engine vs {@link CollectionsNicBaseline}. The engine
 * should be flat in {@code buffered}; the baseline moves every frame.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReleaseCostBenchmark {

    static final int MAX_BUFFERED = 100_000;
    static final int FRAME = 64;

    /** An engine holding one sealed epoch of {@code buffered} frames before each invocation. */
    @State(Scope.Thread)
    public static class EngineState {
        @Param({"1000", "10000", "100000"})
        public int buffered;
        NicEngine engine;
        long epoch;
        private final byte[] frame = NicThroughputBenchmark.frameOf(NicThroughputBenchmark.MAC, FRAME);

        @Setup(Level.Trial)
        public void create() {
            engine = new NicEngine(new NicConfig(1, 1 << 17, 1 << 23, 1500, SchedulerPolicy.STRICT, true),
                    FrameSink.DISCARD);
            engine.configure(VfConfig.checkpointing(NicThroughputBenchmark.VF, NicThroughputBenchmark.MAC,
                    MAX_BUFFERED, 1 << 23, OverflowPolicy.BACKPRESSURE));
        }

        @Setup(Level.Invocation)
        public void fill() {
            for (int i = 0; i < buffered; i++) {
                engine.submit(NicThroughputBenchmark.VF, frame, 0, FRAME);
            }
            epoch = engine.seal(NicThroughputBenchmark.VF);
        }

        @TearDown(Level.Invocation)
        public void drain() {
            engine.transmit(Integer.MAX_VALUE);
        }
    }

    /** The same for the baseline. */
    @State(Scope.Thread)
    public static class BaselineState {
        @Param({"1000", "10000", "100000"})
        public int buffered;
        CollectionsNicBaseline baseline;
        long epoch;
        private final byte[] frame = NicThroughputBenchmark.frameOf(NicThroughputBenchmark.MAC, FRAME);

        @Setup(Level.Trial)
        public void create() {
            baseline = new CollectionsNicBaseline(1500, FrameSink.DISCARD);
            baseline.configureCheckpointing(NicThroughputBenchmark.VF, NicThroughputBenchmark.MAC, MAX_BUFFERED);
        }

        @Setup(Level.Invocation)
        public void fill() {
            for (int i = 0; i < buffered; i++) {
                baseline.submit(NicThroughputBenchmark.VF, frame, 0, FRAME);
            }
            epoch = baseline.seal(NicThroughputBenchmark.VF);
        }

        @TearDown(Level.Invocation)
        public void drain() {
            baseline.transmit(Integer.MAX_VALUE);
        }
    }

    @Benchmark
    public int engineRelease(final EngineState s) {
        return s.engine.commit(NicThroughputBenchmark.VF, s.epoch);
    }

    @Benchmark
    public int baselineRelease(final BaselineState s) {
        return s.baseline.commit(NicThroughputBenchmark.VF, s.epoch);
    }
}
