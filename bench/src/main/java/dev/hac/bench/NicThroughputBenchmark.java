package dev.hac.bench;

import dev.hac.nic.FrameSink;
import dev.hac.nic.MacAddress;
import dev.hac.nic.NicConfig;
import dev.hac.nic.NicEngine;
import dev.hac.nic.OverflowPolicy;
import dev.hac.nic.SchedulerPolicy;
import dev.hac.nic.TrafficClass;
import dev.hac.nic.VfConfig;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Frames per second through the whole path of a checkpointing VM: submit {@value #EPOCH_FRAMES} frames, seal
 * the epoch, commit it, transmit everything to a sink, for the engine and for {@link CollectionsNicBaseline} in
 * the same run. One operation is one frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NicThroughputBenchmark {

    /** Frames per epoch (per checkpoint). */
    public static final int EPOCH_FRAMES = 64;
    static final int VF = 0;
    static final long MAC = 0x02_00_00_00_00_01L;

    @Param({"64", "1500"})
    public int frameBytes;

    private final CountingSink sink = new CountingSink();
    private NicEngine engine;
    private CollectionsNicBaseline baseline;
    private byte[] frame;

    /** Sums lengths so the JIT cannot drop the transmission. */
    static final class CountingSink implements FrameSink {
        long bytes;

        @Override
        public void onFrame(final int vf, final long seq, final TrafficClass cls, final byte[] buffer,
                            final int offset, final int length) {
            bytes += length + buffer[offset + length - 1];
        }
    }

    @Setup
    public void setUp() {
        frame = frameOf(MAC, frameBytes);
        engine = new NicEngine(new NicConfig(1, 2 * EPOCH_FRAMES, 1 << 18, 1500, SchedulerPolicy.STRICT, true), sink);
        engine.configure(VfConfig.checkpointing(VF, MAC, EPOCH_FRAMES, 1 << 18, OverflowPolicy.BACKPRESSURE));
        baseline = new CollectionsNicBaseline(1500, sink);
        baseline.configureCheckpointing(VF, MAC, EPOCH_FRAMES);
    }

    @Benchmark
    @OperationsPerInvocation(EPOCH_FRAMES)
    public long engine() {
        final NicEngine e = engine;
        for (int i = 0; i < EPOCH_FRAMES; i++) {
            e.submit(VF, frame, 0, frame.length);
        }
        e.commit(VF, e.seal(VF));
        e.transmit(EPOCH_FRAMES);
        return sink.bytes;
    }

    @Benchmark
    @OperationsPerInvocation(EPOCH_FRAMES)
    public long baseline() {
        final CollectionsNicBaseline b = baseline;
        for (int i = 0; i < EPOCH_FRAMES; i++) {
            b.submit(VF, frame, 0, frame.length);
        }
        b.commit(VF, b.seal(VF));
        b.transmit(EPOCH_FRAMES);
        return sink.bytes;
    }

    /** An untagged IPv4-typed frame from {@code mac} with a non-trivial payload. */
    static byte[] frameOf(final long mac, final int length) {
        final byte[] f = new byte[length];
        MacAddress.write(0x02_00_00_00_ff_01L, f, 0);
        MacAddress.write(mac, f, 6);
        f[12] = 0x08;
        for (int i = 14; i < length; i++) {
            f[i] = (byte) (i * 31);
        }
        return f;
    }
}
