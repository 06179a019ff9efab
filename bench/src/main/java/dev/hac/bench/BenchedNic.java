package dev.hac.bench;

import dev.hac.nic.FrameSink;
import dev.hac.nic.NicConfig;
import dev.hac.nic.NicEngine;
import dev.hac.nic.OverflowPolicy;
import dev.hac.nic.SchedulerPolicy;
import dev.hac.nic.VfConfig;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmarks drive, so that one workload runs on the engine and on {@link CollectionsNicBaseline}.
 * JMH forks a JVM per parameter set, so each fork sees one implementation and the calls inline.
 */
public interface BenchedNic {

    /** The implementations, as the benchmarks' {@code impl} parameter names them. */
    String ENGINE = "engine";
    /** The engine under a primary's lease that never runs out: it reads the clock before every released frame. */
    String LEASED = "leased";
    String BASELINE = "baseline";

    int submit(int vf, byte[] frame, int offset, int length);

    long seal(int vf);

    int commit(int vf, long epoch);

    int transmit(int maxFrames);

    /**
     * One checkpointing VF 0 with MAC {@code mac} and a limit of {@code maxFrames}; the engine gets a ring of
     * {@code ringSize} descriptors and {@code slabBytes} of slab.
     */
    static BenchedNic create(final String impl, final long mac, final int maxFrames, final int ringSize,
                             final int slabBytes, final FrameSink sink) {
        switch (impl) {
            case ENGINE, LEASED -> {
                final NicEngine engine = new NicEngine(
                        new NicConfig(1, ringSize, slabBytes, 1500, SchedulerPolicy.STRICT, true), sink);
                engine.configure(VfConfig.checkpointing(0, mac, maxFrames, slabBytes, OverflowPolicy.BACKPRESSURE));
                if (impl.equals(LEASED)) {
                    engine.setLease(System.nanoTime() + TimeUnit.DAYS.toNanos(365));
                }
                return new BenchedNic() {
                    @Override
                    public int submit(final int vf, final byte[] frame, final int offset, final int length) {
                        return engine.submit(vf, frame, offset, length);
                    }

                    @Override
                    public long seal(final int vf) {
                        return engine.seal(vf);
                    }

                    @Override
                    public int commit(final int vf, final long epoch) {
                        return engine.commit(vf, epoch);
                    }

                    @Override
                    public int transmit(final int maxFrames) {
                        return engine.transmit(maxFrames);
                    }
                };
            }
            case BASELINE -> {
                final CollectionsNicBaseline baseline = new CollectionsNicBaseline(1500, sink);
                baseline.configureCheckpointing(0, mac, maxFrames);
                return baseline;
            }
            default -> throw new IllegalArgumentException("unknown implementation '" + impl + "'");
        }
    }
}
