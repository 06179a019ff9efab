package dev.hac.host;

import dev.hac.nic.FrameSink;
import dev.hac.nic.NicConfig;
import dev.hac.nic.NicEngine;
import dev.hac.wire.Message;
import dev.hac.wire.VmDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The secondary host: one {@link Replica} per checkpointing VM of the primary's
 * VM list, and the takeover that turns them back into running VMs on this
 * host's own NIC engine.
 */
public final class Standby {
    private final List<VmDescriptor> vms;
    private final Map<String, Replica> replicas = new LinkedHashMap<>();
    private final AtomicLongArray refusals = new AtomicLongArray(CheckpointRefused.Reason.values().length);

    /** {@code vms} is the primary's list in VF order (from HELLO). */
    public Standby(final List<VmDescriptor> vms) {
        this.vms = List.copyOf(vms);
        for (final VmDescriptor d : vms) {
            if (d.checkpointing()) {
                replicas.put(d.id(), new Replica(d));
            }
        }
    }

    public List<VmDescriptor> vms() {
        return vms;
    }

    public Replica replica(final String id) {
        final Replica r = replicas.get(id);
        if (r == null) {
            throw new IllegalArgumentException("no replica of VM '" + id + "' (replicated: " + replicas.keySet() + ")");
        }
        return r;
    }

    /** Whether this standby replicates {@code id} (a CHECKPOINT for anything else is refused). */
    public boolean replicates(final String id) {
        return replicas.containsKey(id);
    }

    /** Stages, applies and returns the epoch to acknowledge; on refusal the replica is unchanged and the reason counted. */
    public long apply(final Message.Checkpoint c) throws CheckpointRefused {
        try {
            if (!replicates(c.vm())) {
                throw new CheckpointRefused(CheckpointRefused.Reason.WRONG_VM, "no replica of VM " + c.vm());
            }
            return replica(c.vm()).apply(c);
        } catch (CheckpointRefused e) {
            refusals.incrementAndGet(e.reason().ordinal());
            throw e;
        }
    }

    /** Checkpoints {@link #apply} refused for {@code reason}. */
    public long refusals(final CheckpointRefused.Reason reason) {
        return refusals.get(reason.ordinal());
    }

    /** Checkpoints {@link #apply} refused, all reasons. */
    public long refusals() {
        long n = 0;
        for (int i = 0; i < refusals.length(); i++) {
            n += refusals.get(i);
        }
        return n;
    }

    /** A takeover's result: the host's utility in failed-over mode, and which checkpoint each VM was restored from. */
    public record Restored(HacUtility utility, Map<String, Replica.Restored> checkpoints) {
    }

    /**
     * Takeover: restores every checkpointing VM from its last applied checkpoint
     * (a staged one is dropped), configures its VF (same MAC, same VF number) on
     * {@code engine} and returns the host's utility in failed-over mode with the
     * restored checkpoints. Ordinary VMs are not replicated and do not come back.
     *
     * @param engine a fresh engine built with {@link NicConfig#buffering()} false
     */
    public Restored takeover(final NicEngine engine, final BufferLimits limits) {
        if (engine.config().buffering()) {
            throw new IllegalArgumentException("a failed-over host does not buffer: build its engine with buffering false");
        }
        final List<Vm> restored = new ArrayList<>();
        final Map<String, Replica.Restored> checkpoints = new LinkedHashMap<>();
        final int[] vfs = new int[replicas.size()];
        for (int vf = 0; vf < vms.size(); vf++) {
            final VmDescriptor d = vms.get(vf);
            if (d.checkpointing()) {
                vfs[restored.size()] = vf;
                final GuestMemory memory = new GuestMemory(d.memoryPages());
                checkpoints.put(d.id(), replicas.get(d.id()).restoreInto(memory));
                restored.add(Vm.resume(d, memory));
            }
        }
        final HacUtility utility = new HacUtility(engine, restored, vfs, limits, Mode.FAILEDOVER);
        int i = 0;
        for (final Replica.Restored r : checkpoints.values()) {
            engine.setOpenEpoch(vfs[i++], r.epoch() + 1); // the model's epoch' = committed.epoch + 1
        }
        return new Restored(utility, checkpoints);
    }

    /** An engine for the failed-over host, as large as the primary's VM list needs. */
    public static NicEngine failoverEngine(final NicConfig primaryConfig, final FrameSink sink) {
        return new NicEngine(primaryConfig.withBuffering(false), sink);
    }
}
