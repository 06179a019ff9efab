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
 * should be flat in {@code buffered}; the baseline moves every frame. Sampled (median reported), because on a
 * shared machine a mean over a few hundred invocations is at the mercy of one preemption.
 *
 * <p>Before each release the setup sweeps an 8 MiB scratch array (more than this machine's L2). Filling 100k
 * frames would otherwise push the engine's control state out of L2 while filling 1k would not, and the
 * comparison would measure the cache rather than the algorithm; with the sweep every fill size releases from
 * the same cold-ish cache, as when an acknowledgement arrives after the VM has been busy.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReleaseCostBenchmark {

    static final int MAX_BUFFERED = 100_000;
    private static final byte[] SCRATCH = new byte[8 << 20];
    static final int FRAME = 64;
    /**
     * Commit cycles run before measuring. With 100k frames to fill per invocation, JMH's warmup calls the
     * benchmark method only a few hundred times, too few for the JIT: without this the large fills would
     * measure interpreted code and the small ones compiled code.
     */
    static final int JIT_WARMUP_CYCLES = 50_000;

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
            for (int i = 0; i < JIT_WARMUP_CYCLES; i++) {
                engine.submit(NicThroughputBenchmark.VF, frame, 0, FRAME);
                engine.commit(NicThroughputBenchmark.VF, engine.seal(NicThroughputBenchmark.VF));
                engine.transmit(1);
            }
        }

        @Setup(Level.Invocation)
        public void fill() {
            for (int i = 0; i < buffered; i++) {
                engine.submit(NicThroughputBenchmark.VF, frame, 0, FRAME);
            }
            epoch = engine.seal(NicThroughputBenchmark.VF);
            sweepCaches();
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
            for (int i = 0; i < JIT_WARMUP_CYCLES; i++) {
                baseline.submit(NicThroughputBenchmark.VF, frame, 0, FRAME);
                baseline.commit(NicThroughputBenchmark.VF, baseline.seal(NicThroughputBenchmark.VF));
                baseline.transmit(1);
            }
        }

        @Setup(Level.Invocation)
        public void fill() {
            for (int i = 0; i < buffered; i++) {
                baseline.submit(NicThroughputBenchmark.VF, frame, 0, FRAME);
            }
            epoch = baseline.seal(NicThroughputBenchmark.VF);
            sweepCaches();
        }

        @TearDown(Level.Invocation)
        public void drain() {
            baseline.transmit(Integer.MAX_VALUE);
        }
    }

    static void sweepCaches() {
        for (int i = 0; i < SCRATCH.length; i += 64) {
            SCRATCH[i]++;
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
