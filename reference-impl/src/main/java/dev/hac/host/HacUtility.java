package dev.hac.host;

import dev.hac.nic.ConfigResult;
import dev.hac.nic.NicEngine;
import dev.hac.nic.VfConfig;
import dev.hac.wire.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HAC utility of a host: configures the NIC engine from the VMs' own
 * configuration before they send (R2), and drives each checkpointing VM's
 * checkpoints: pause, seal the NIC epoch, copy the dirty pages, resume (R4);
 * on the acknowledgement, commit the epoch in the NIC (R5); abort; release
 * everything when the secondary is lost (R7). One checkpoint in flight per VM.
 *
 * <p>Not thread-safe: the host's loop thread (or the lockstep driver) owns it,
 * together with the engine and the VMs' vCPUs.
 */
public final class HacUtility {

    /** A checkpoint in flight: the abstract {@code inflight[v]}. */
    public record InFlight(long epoch, long seq) {
        public static final InFlight NONE = new InFlight(0, 0);
    }

    private static final class Slot {
        final Vm vm;
        final int vf;
        StagingArea staging;
        InFlight inflight = InFlight.NONE;
        long acked;
        long startedNanos;
        /** Epoch counter for checkpoints taken while the NIC does not buffer (--unsafe). */
        long unbufferedEpoch = 1;

        Slot(final Vm vm, final int vf) {
            this.vm = vm;
            this.vf = vf;
            this.staging = vm.descriptor().checkpointing() ? new StagingArea(vm.descriptor().memoryPages()) : null;
        }

        /**
         * Ends the checkpoint in flight without its acknowledgement. Its message is a view of the staging area and
         * a link's writer thread may still be sealing it (a timed-out checkpoint on a slow link): refilling the
         * area would send it torn, so the VM gets a new one and the old one is garbage once the writer lets go.
         * Rare (aborts, a lost secondary); an acknowledged checkpoint's area is reused.
         */
        void retireStaging() {
            staging = new StagingArea(vm.memory().pages());
            inflight = InFlight.NONE;
            acked = 0;
        }
    }

    private final NicEngine engine;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private Mode mode = Mode.PROTECTED;
    private long staleAcks;
    private long aborts;

    /**
     * Configures one VF per VM, in list order (VM i gets VF i), from each VM's descriptor.
     *
     * @throws IllegalArgumentException naming the VM when the engine refuses its configuration
     */
    public HacUtility(final NicEngine engine, final List<Vm> vms, final BufferLimits limits) {
        this(engine, vms, identity(vms.size()), limits, Mode.PROTECTED);
    }

    /** VM i gets VF {@code vfs[i]}: a takeover keeps the primary's numbering for the VMs it restores. */
    HacUtility(final NicEngine engine, final List<Vm> vms, final int[] vfs, final BufferLimits limits, final Mode mode) {
        this.engine = engine;
        this.mode = mode;
        for (int i = 0; i < vms.size(); i++) {
            final Vm vm = vms.get(i);
            final int vf = vfs[i];
            final VfConfig config = vm.descriptor().checkpointing()
                    ? VfConfig.checkpointing(vf, vm.descriptor().mac(), limits.maxFrames(), limits.maxBytes(), limits.overflow())
                    : VfConfig.ordinary(vf, vm.descriptor().mac());
            final ConfigResult result = engine.configure(config);
            if (result != ConfigResult.APPLIED) {
                throw new IllegalArgumentException("VM " + vm.id() + ": the NIC refused its VF configuration: " + result);
            }
            if (slots.put(vm.id(), new Slot(vm, vf)) != null) {
                throw new IllegalArgumentException("VM id " + vm.id() + " appears twice");
            }
            // The VF numbers frames on from the VM's own count (a restored VM resumes at its committed seq).
            engine.setLastSequence(vf, vm.vmSeq());
        }
    }

    private static int[] identity(final int n) {
        final int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    public NicEngine engine() {
        return engine;
    }

    public Mode mode() {
        return mode;
    }

    public List<Vm> vms() {
        final List<Vm> out = new ArrayList<>();
        slots.values().forEach(s -> out.add(s.vm));
        return Collections.unmodifiableList(out);
    }

    public Vm vm(final String id) {
        return slot(id).vm;
    }

    public int vf(final String id) {
        return slot(id).vf;
    }

    /** The VM's door to its VF. */
    public Vm.Port port(final String id) {
        final int vf = slot(id).vf;
        return (frame, offset, length) -> engine.submit(vf, frame, offset, length);
    }

    public InFlight inflight(final String id) {
        return slot(id).inflight;
    }

    public long acked(final String id) {
        return slot(id).acked;
    }

    /** When the VM's in-flight checkpoint started ({@link System#nanoTime}), for timeouts and latency. */
    public long startedNanos(final String id) {
        return slot(id).startedNanos;
    }

    public long staleAcks() {
        return staleAcks;
    }

    public long aborts() {
        return aborts;
    }

    /** The abstract guard of {@code HacStartCheckpoint(v)} on this host. */
    public boolean canStartCheckpoint(final String id) {
        final Slot s = slot(id);
        return mode == Mode.PROTECTED && s.staging != null && s.inflight.equals(InFlight.NONE) && s.acked == 0;
    }

    /**
     * Takes a checkpoint of a checkpointing VM: pauses it, seals its NIC epoch (its
     * later frames belong to the next epoch), copies its dirty pages to the staging
     * area, resumes it, and returns the message to ship.
     *
     * @throws IllegalStateException when not enabled ({@link #canStartCheckpoint})
     */
    public Message.Checkpoint startCheckpoint(final String id) {
        if (!canStartCheckpoint(id)) {
            throw new IllegalStateException("VM " + id + ": cannot start a checkpoint (mode " + mode.model
                    + ", in flight " + slot(id).inflight + ", acked " + slot(id).acked + ")");
        }
        final Slot s = slot(id);
        final long epoch;
        final long seq;
        s.vm.pause();
        try {
            epoch = engine.isBuffering() ? engine.seal(s.vf) : s.unbufferedEpoch++;
            s.vm.memory().drainDirtyInto(s.staging);
            seq = s.vm.memory().getLong(VmLayout.VM_SEQ);
        } finally {
            s.vm.resume();
        }
        s.inflight = new InFlight(epoch, seq);
        s.startedNanos = System.nanoTime();
        // The staging area is not touched again until this checkpoint ends: the message is a view of it.
        return s.staging.toCheckpoint(id, epoch, seq, s.vm.memory().pages());
    }

    /**
     * An acknowledgement arrived: records it as the abstract {@code acked[v]} when it
     * is for the checkpoint in flight; a stale one (after an abort, or a duplicate) is
     * counted and ignored.
     */
    public boolean ackReceived(final String id, final long epoch) {
        final Slot s = slot(id);
        if (mode != Mode.PROTECTED || s.inflight.epoch() != epoch || s.acked != 0) {
            staleAcks++;
            return false;
        }
        s.acked = epoch;
        return true;
    }

    /** Acts on the acknowledgement (the abstract {@code PrimaryReceiveAck(v)}): the NIC releases every sealed epoch <= it. */
    public int releaseAcked(final String id) {
        final Slot s = slot(id);
        if (mode != Mode.PROTECTED || s.acked == 0) {
            throw new IllegalStateException("VM " + id + ": no acknowledgement to act on");
        }
        final int released = engine.isBuffering() ? engine.commit(s.vf, s.acked) : 0;
        s.inflight = InFlight.NONE;
        s.acked = 0;
        return released;
    }

    /**
     * Gives up the checkpoint in flight (timeout, error, lost ack): its frames stay
     * buffered and its pages are marked dirty again, so the next checkpoint carries
     * them and its commit covers the frames.
     */
    public void abort(final String id) {
        final Slot s = slot(id);
        if (mode != Mode.PROTECTED || s.inflight.equals(InFlight.NONE)) {
            throw new IllegalStateException("VM " + id + ": no checkpoint in flight to abort");
        }
        s.vm.pause();
        try {
            s.staging.markStagedDirty(s.vm.memory());
        } finally {
            s.vm.resume();
        }
        s.retireStaging();
        aborts++;
    }

    /**
     * Marks every page of a checkpointing VM dirty, so its next checkpoint is a full copy: a new replication
     * session may reach a secondary that holds nothing of this VM (restarted, or another host), and the pages it
     * never received would otherwise stay zero there.
     *
     * @throws IllegalStateException while a checkpoint is in flight (it would stay partial: abort it first)
     */
    public void markAllDirty(final String id) {
        final Slot s = slot(id);
        if (s.staging == null || !s.inflight.equals(InFlight.NONE)) {
            throw new IllegalStateException("VM " + id + ": no full copy while " + (s.staging == null
                    ? "not checkpointing" : "checkpoint " + s.inflight + " is in flight"));
        }
        s.vm.pause();
        try {
            s.vm.memory().markAllDirty();
        } finally {
            s.vm.resume();
        }
    }

    /**
     * The secondary is lost: the NIC releases every buffered frame, VM by VM in
     * {@code order} (every checkpointing VM once), and stops buffering; checkpoints end.
     */
    public long secondaryLost(final List<String> order) {
        if (mode != Mode.PROTECTED) {
            throw new IllegalStateException("secondary loss in mode " + mode.model);
        }
        final int[] vfs = new int[order.size()];
        for (int i = 0; i < vfs.length; i++) {
            vfs[i] = slot(order.get(i)).vf;
        }
        final long released = engine.isBuffering() ? engine.releaseAllAndStopBuffering(vfs) : 0;
        mode = Mode.UNPROTECTED;
        for (final Slot s : slots.values()) {
            if (!s.inflight.equals(InFlight.NONE)) {
                s.retireStaging();
            }
        }
        return released;
    }

    /**
     * A new secondary joins this host, which runs the VMs unprotected (after a secondary loss, or after a takeover):
     * the NIC buffers again and checkpoints are enabled; each VM's next checkpoint must be a full copy
     * ({@link #markAllDirty}), since the joiner holds nothing.
     */
    public void resumeProtection() {
        if (mode == Mode.PROTECTED) {
            throw new IllegalStateException("already protected");
        }
        for (final Slot s : slots.values()) {
            s.inflight = InFlight.NONE;
            s.acked = 0;
        }
        engine.resumeBuffering();
        mode = Mode.PROTECTED;
    }

    /** Checkpointing VM ids in VF order. */
    public List<String> checkpointingVms() {
        final List<String> out = new ArrayList<>();
        slots.forEach((id, s) -> {
            if (s.staging != null) {
                out.add(id);
            }
        });
        return out;
    }

    /** The primary host crashed: its NIC loses everything, its checkpoint state is gone. */
    public void crash() {
        engine.discardAll();
        for (final Slot s : slots.values()) {
            s.inflight = InFlight.NONE;
            s.acked = 0;
        }
    }

    private Slot slot(final String id) {
        final Slot s = slots.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no VM '" + id + "' on this host (have " + slots.keySet() + ")");
        }
        return s;
    }
}
