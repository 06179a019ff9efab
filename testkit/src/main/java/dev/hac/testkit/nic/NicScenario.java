package dev.hac.testkit.nic;

import dev.hac.nic.NicConfig;
import dev.hac.nic.OverflowPolicy;
import dev.hac.nic.SchedulerPolicy;
import java.util.List;

/**
 * A generated test case: an engine configuration and the operations to run on it. VFs
 * {@code 0 .. checkpointing.size()-1} checkpoint, the next {@code plainVms} are ordinary.
 *
 * @param policy        scheduler policy
 * @param checkpointing the checkpointing VMs' buffer settings, by VF
 * @param plainVms      number of ordinary VMs
 * @param ringSize      descriptors per VF (a power of two); small rings wrap and fill within a scenario
 * @param ops           the steps
 */
public record NicScenario(SchedulerPolicy policy, List<VmSpec> checkpointing, int plainVms, int ringSize,
                          List<NicOp> ops) {

    /** Buffer settings of one checkpointing VM. */
    public record VmSpec(int capFrames, long capBytes, OverflowPolicy overflow) {
    }

    public NicScenario {
        checkpointing = List.copyOf(checkpointing);
        ops = List.copyOf(ops);
    }

    /** The slab share of this scenario's VFs: see {@link #slabBytesPerVf(int)}. */
    public int slabBytesPerVf() {
        return slabBytesPerVf(ringSize);
    }

    /**
     * A slab share a ring of {@code ringSize} fills first: a VF holds at most {@code ringSize} frames of at most one
     * maximal frame each, plus less than one maximal frame skipped at the end of the share per wrap, and its live
     * bytes span at most one wrap.
     */
    public static int slabBytesPerVf(final int ringSize) {
        final int maxFrame = NicConfig.defaults().withMtu(NicScenarioGenerator.MTU).maxFrameLength();
        return Integer.highestOneBit((ringSize + 2) * maxFrame - 1) << 1;
    }

    /** Configured VFs. */
    public int vfCount() {
        return checkpointing.size() + plainVms;
    }

    public NicScenario withOps(final List<NicOp> newOps) {
        return new NicScenario(policy, checkpointing, plainVms, ringSize, newOps);
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder();
        sb.append("policy=").append(policy).append(" checkpointing=").append(checkpointing)
                .append(" plainVms=").append(plainVms).append(" ringSize=").append(ringSize).append(" ops(").append(ops.size()).append("):");
        for (int i = 0; i < ops.size(); i++) {
            sb.append("\n  ").append(i).append(": ").append(ops.get(i));
        }
        return sb.toString();
    }
}
