package dev.hac.bench;

import dev.hac.nic.FrameSink;
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
 *
 * <p>One release per JMH iteration (single-shot), filled and drained by iteration-level setup: every fill size
 * then runs the same number of timed calls through the same harness code, whereas per-invocation setup gives a
 * 1k fill many more (better compiled) harness calls than a 100k fill. The median over the shots is reported,
 * because on a shared machine a mean is at the mercy of one preemption.
 *
 * <p>Before each release the setup sweeps an 8 MiB scratch array (more than this machine's L2). Filling 100k
 * frames would otherwise push the engine's control state out of L2 while filling 1k would not, and the
 * comparison would measure the cache rather than the algorithm; with the sweep every fill size releases from
 * the same cold-ish cache, as when an acknowledgement arrives after the VM has been busy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = ReleaseCostBenchmark.WARMUP_SHOTS)
@Measurement(iterations = ReleaseCostBenchmark.MEASURED_SHOTS)
@Fork(1)
public class ReleaseCostBenchmark {

    static final int MAX_BUFFERED = 100_000;
    static final int WARMUP_SHOTS = 200;
    static final int MEASURED_SHOTS = 300;
    static final int FRAME = 64;
    /**
     * Commit cycles run before measuring. With 100k frames to fill per invocation, JMH's warmup calls the
     * benchmark method only a few hundred times, too few for the JIT to compile the release path.
     */
    static final int JIT_WARMUP_CYCLES = 50_000;
    private static final byte[] SCRATCH = new byte[8 << 20];

    @Param({BenchedNic.ENGINE, BenchedNic.BASELINE})
    public String impl;

    @Param({"1000", "10000", "100000"})
    public int buffered;

    private final byte[] frame = NicThroughputBenchmark.frameOf(NicThroughputBenchmark.MAC, FRAME);
    private BenchedNic nic;
    private long epoch;

    @Setup(Level.Trial)
    public void create() {
        nic = BenchedNic.create(impl, NicThroughputBenchmark.MAC, MAX_BUFFERED, 1 << 17, 1 << 23, FrameSink.DISCARD);
        for (int i = 0; i < JIT_WARMUP_CYCLES; i++) {
            nic.submit(NicThroughputBenchmark.VF, frame, 0, FRAME);
            nic.commit(NicThroughputBenchmark.VF, nic.seal(NicThroughputBenchmark.VF));
            nic.transmit(1);
        }
    }

    @Setup(Level.Iteration)
    public void fill() {
        for (int i = 0; i < buffered; i++) {
            nic.submit(NicThroughputBenchmark.VF, frame, 0, FRAME);
        }
        epoch = nic.seal(NicThroughputBenchmark.VF);
        for (int i = 0; i < SCRATCH.length; i += 64) {
            SCRATCH[i]++;
        }
    }

    @TearDown(Level.Iteration)
    public void drain() {
        nic.transmit(Integer.MAX_VALUE);
    }

    @Benchmark
    public int release() {
        return nic.commit(NicThroughputBenchmark.VF, epoch);
    }
}
