package dev.hac.bench;

import dev.hac.nic.FrameSink;
import dev.hac.nic.MacAddress;
import dev.hac.nic.TrafficClass;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Frames per second through the whole path of a checkpointing VM: submit {@code epochFrames} frames, seal the
 * epoch, commit it, transmit everything to a sink, for the engine (also under a lease, which costs a clock read
 * per frame) and for {@link CollectionsNicBaseline} in the same run. One operation is one frame. 64 frames per epoch is the hot-cache case; 8192 holds about a
 * millisecond of 10 GbE traffic per checkpoint, so buffered data no longer fits in the L1/L2 caches and the
 * baseline's per-frame objects live long enough to meet the garbage collector.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NicThroughputBenchmark {

    static final int VF = 0;
    static final long MAC = 0x02_00_00_00_00_01L;

    @Param({BenchedNic.ENGINE, BenchedNic.LEASED, BenchedNic.BASELINE})
    public String impl;

    @Param({"64", "1500"})
    public int frameBytes;

    @Param({"64", "8192"})
    public int epochFrames;

    private final CountingSink sink = new CountingSink();
    private BenchedNic nic;
    private byte[] frame;

    /** Sums lengths and reads a byte so the JIT cannot drop the transmission. */
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
        final int slab = Integer.highestOneBit(epochFrames * frameBytes) << 1;
        nic = BenchedNic.create(impl, MAC, epochFrames, 2 * epochFrames, Math.max(slab, 1 << 12), sink);
    }

    /** One epoch; JMH divides by the frames actually sent, see {@link #frames}. */
    @Benchmark
    public long bufferSealCommitTransmit(final FrameCount count) {
        final BenchedNic n = nic;
        final int frames = epochFrames;
        for (int i = 0; i < frames; i++) {
            n.submit(VF, frame, 0, frame.length);
        }
        n.commit(VF, n.seal(VF));
        count.frames += n.transmit(frames);
        return sink.bytes;
    }

    /** Counts frames as JMH operations, so that scores are frames per second whatever the epoch size. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class FrameCount {
        public long frames;

        @Setup(Level.Iteration)
        public void reset() {
            frames = 0;
        }
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
