package dev.hac.testkit.nic;

import dev.hac.nic.BufferedFrame;
import dev.hac.nic.ConfigResult;
import dev.hac.nic.FrameClassifier;
import dev.hac.nic.OverflowPolicy;
import dev.hac.nic.QueuedFrame;
import dev.hac.nic.SchedulerPolicy;
import dev.hac.nic.SubmitStatus;
import dev.hac.nic.TrafficClass;
import dev.hac.nic.VfConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An executable model of the NIC part of docs/DESIGN.md §2 / docs/MODEL.md, written to be obviously correct rather
 * than fast: lists of records, one method per engine operation, the rules of docs/MODEL.md spelled out. The stateful
 * property runs it beside {@link dev.hac.nic.NicEngine} and compares them after every step.
 *
 * <p>Beyond the abstract model it has one resource: a VF's descriptor ring, which holds its buffered and its queued
 * frames ({@link SubmitStatus#RING_FULL} when they fill it). Slab exhaustion it leaves out: the property gives each
 * VF a slab share that its ring fills first.
 */
public final class NicModel {

    /** A frame held in a buffer, with its length (needed for the byte limit). */
    private record Held(long seq, long epoch, int length) {
    }

    /** A frame in a queue, with its length. */
    private record Queued(int vf, long seq, int length) {
    }

    /** One transmitted frame and the class it came from. */
    public record Sent(QueuedFrame frame, TrafficClass cls) {
    }

    private static final class Vm {
        VfConfig config;
        boolean checkpointing;
        int capFrames;
        long capBytes;
        OverflowPolicy overflow;
        boolean highWater;
        long highWaterSignals;
        long vmSeq;
        long epoch = 1;
        final List<Held> buf = new ArrayList<>();
        final Map<Long, Long> sealSeq = new HashMap<>();
        long committedEpoch;
        long committedSeq;
    }

    private final SchedulerPolicy policy;
    private final int ringSize;
    private final int slabBytesPerVf;
    private final Map<Integer, Vm> vms = new TreeMap<>();
    private final LinkedList<Queued> txHigh = new LinkedList<>();
    private final LinkedList<Queued> txNormal = new LinkedList<>();
    private final List<QueuedFrame> wire;
    private boolean buffering;
    private int highStreak;

    public NicModel(final SchedulerPolicy policy, final int ringSize, final int slabBytesPerVf,
                    final boolean buffering) {
        this(policy, ringSize, slabBytesPerVf, buffering, new ArrayList<>());
    }

    private NicModel(final SchedulerPolicy policy, final int ringSize, final int slabBytesPerVf,
                     final boolean buffering, final List<QueuedFrame> wire) {
        this.policy = policy;
        this.ringSize = ringSize;
        this.slabBytesPerVf = slabBytesPerVf;
        this.buffering = buffering;
        this.wire = wire;
    }

    /** Same rules as the engine: refused while the VF holds frames, or with limits beyond its ring or slab share. */
    public ConfigResult configure(final VfConfig c) {
        final Vm existing = vms.get(c.vf());
        if (existing != null && holds(c.vf())) {
            return ConfigResult.REFUSED_BUSY;
        }
        if (c.maxFrames() > ringSize || c.maxBytes() > slabBytesPerVf) {
            return ConfigResult.REFUSED_LIMITS_EXCEED_RESOURCES;
        }
        final Vm vm = existing == null ? new Vm() : existing;
        vm.config = c;
        vm.checkpointing = c.checkpointing();
        vm.capFrames = c.maxFrames();
        vm.capBytes = c.maxBytes();
        vm.overflow = c.overflow();
        vm.highWater = false;
        vms.put(c.vf(), vm);
        return ConfigResult.APPLIED;
    }

    private boolean holds(final int vf) {
        return !vms.get(vf).buf.isEmpty() || txHigh.stream().anyMatch(q -> q.vf() == vf)
                || txNormal.stream().anyMatch(q -> q.vf() == vf);
    }

    /** {@code VmEmit(v)} with a frame whose classifier verdict is given. */
    public int submit(final int vf, final int verdict, final int length) {
        final Vm vm = vms.get(vf);
        if (vm == null) {
            return SubmitStatus.REFUSED_UNKNOWN_VF;
        }
        if (verdict != FrameClassifier.VALID) {
            return verdict;
        }
        if (vm.checkpointing && buffering) {
            final long bytes = vm.buf.stream().mapToLong(Held::length).sum();
            if (vm.buf.size() >= vm.capFrames || bytes + length > vm.capBytes) {
                if (vm.overflow == OverflowPolicy.DROP) {
                    vm.vmSeq++;
                    return SubmitStatus.DROPPED;
                }
                return SubmitStatus.BACKPRESSURE;
            }
            if (ringFull(vf)) {
                return SubmitStatus.RING_FULL;
            }
            vm.vmSeq++;
            vm.buf.add(new Held(vm.vmSeq, vm.epoch, length));
            if (vm.overflow == OverflowPolicy.EARLY_CHECKPOINT && !vm.highWater
                    && (vm.buf.size() >= vm.config.highWaterFrames() || bytes + length >= vm.config.highWaterBytes())) {
                vm.highWater = true;
                vm.highWaterSignals++;
            }
            return SubmitStatus.BUFFERED;
        }
        if (ringFull(vf)) {
            return SubmitStatus.RING_FULL;
        }
        vm.vmSeq++;
        (vm.checkpointing ? txHigh : txNormal).add(new Queued(vf, vm.vmSeq, length));
        return SubmitStatus.QUEUED;
    }

    /** The VF's descriptors hold its buffered frames and its frames waiting in either queue. */
    private boolean ringFull(final int vf) {
        final long queued = txHigh.stream().filter(q -> q.vf() == vf).count()
                + txNormal.stream().filter(q -> q.vf() == vf).count();
        return vms.get(vf).buf.size() + queued >= ringSize;
    }

    /** {@code HacStartCheckpoint(v)}'s effect on the NIC: seals {@code [epoch, vmSeq]}, opens epoch + 1. */
    public long seal(final int vf) {
        final Vm vm = checkpointingVm(vf);
        if (!buffering) {
            throw new IllegalStateException("not buffering");
        }
        vm.sealSeq.put(vm.epoch, vm.vmSeq);
        vm.highWater = false;
        return vm.epoch++;
    }

    /** {@code PrimaryReceiveAck(v)}: frames with {@code epoch <= e} move, in order, to the end of txHigh. */
    public int commit(final int vf, final long e) {
        final Vm vm = checkpointingVm(vf);
        if (e >= vm.epoch) {
            throw new IllegalArgumentException("epoch " + e + " not sealed");
        }
        if (!buffering) {
            return 0;
        }
        if (e > vm.committedEpoch) {
            vm.committedEpoch = e;
            vm.committedSeq = vm.sealSeq.get(e);
        }
        int n = 0;
        while (!vm.buf.isEmpty() && vm.buf.get(0).epoch() <= e) {
            final Held h = vm.buf.remove(0);
            txHigh.add(new Queued(vf, h.seq(), h.length()));
            n++;
        }
        return n;
    }

    /** {@code NicTransmit}, once; null when both queues are empty. */
    public Sent transmitOne() {
        final boolean highWaiting = !txHigh.isEmpty();
        final boolean normalWaiting = !txNormal.isEmpty();
        final boolean strict = policy.kind() == SchedulerPolicy.Kind.STRICT;
        final Queued q;
        final TrafficClass cls;
        if (strict && highWaiting) {
            q = txHigh.removeFirst();
            cls = TrafficClass.HIGH;
        } else if (strict && normalWaiting) {
            q = txNormal.removeFirst();
            cls = TrafficClass.NORMAL;
        } else if (!strict && highWaiting && (!normalWaiting || highStreak < policy.k())) {
            highStreak = normalWaiting ? highStreak + 1 : 0;
            q = txHigh.removeFirst();
            cls = TrafficClass.HIGH;
        } else if (!strict && normalWaiting) {
            highStreak = 0;
            q = txNormal.removeFirst();
            cls = TrafficClass.NORMAL;
        } else {
            return null;
        }
        final QueuedFrame f = new QueuedFrame(q.vf(), q.seq());
        wire.add(f);
        return new Sent(f, cls);
    }

    /** {@code PrimaryCrash}'s effect on the NIC. Returns the frames lost. */
    public long discardAll() {
        long n = txHigh.size() + txNormal.size();
        for (final Vm vm : vms.values()) {
            n += vm.buf.size();
            vm.buf.clear();
            vm.highWater = false;
        }
        txHigh.clear();
        txNormal.clear();
        highStreak = 0;
        return n;
    }

    /** {@code PrimaryDetectSecondaryLoss} with the given order. Returns the frames released. */
    public long releaseAll(final int[] order) {
        if (!buffering) {
            throw new IllegalStateException("not buffering");
        }
        long n = 0;
        for (final int vf : order) {
            final Vm vm = checkpointingVm(vf);
            for (final Held h : vm.buf) {
                txHigh.add(new Queued(vf, h.seq(), h.length()));
                n++;
            }
            vm.buf.clear();
            vm.highWater = false;
        }
        buffering = false;
        return n;
    }

    /**
     * {@code SecondaryTakeover}: the surviving host's NIC, not buffering, with the checkpointing VMs only, each
     * resuming at its committed sequence number. The wire continues.
     */
    public NicModel takeover() {
        final NicModel next = new NicModel(policy, ringSize, slabBytesPerVf, false, wire);
        for (final Map.Entry<Integer, Vm> e : vms.entrySet()) {
            final Vm vm = e.getValue();
            if (vm.checkpointing) {
                next.configure(vm.config);
                next.vms.get(e.getKey()).vmSeq = vm.committedSeq;
            }
        }
        return next;
    }

    public boolean isConfigured(final int vf) {
        return vms.containsKey(vf);
    }

    public List<Integer> checkpointingVfs() {
        return vms.entrySet().stream().filter(e -> e.getValue().checkpointing).map(Map.Entry::getKey).toList();
    }

    public boolean isCheckpointing(final int vf) {
        return vms.containsKey(vf) && vms.get(vf).checkpointing;
    }

    public boolean buffering() {
        return buffering;
    }

    public int highStreak() {
        return highStreak;
    }

    public long vmSeq(final int vf) {
        return vms.get(vf).vmSeq;
    }

    /** The {@link OverflowPolicy#EARLY_CHECKPOINT} signal: raised at the high-water mark, cleared by a seal. */
    public boolean highWater(final int vf) {
        return vms.get(vf).highWater;
    }

    /** How many times the signal was raised on this VF. */
    public long highWaterSignals(final int vf) {
        return vms.get(vf).highWaterSignals;
    }

    /** The configuration in force for the VF. */
    public VfConfig config(final int vf) {
        return vms.get(vf).config;
    }

    public long epoch(final int vf) {
        return vms.get(vf).epoch;
    }

    /** Sequence number of the last checkpoint committed to this NIC (0 if none): the output-commit bound. */
    public long committedSeq(final int vf) {
        return vms.get(vf).committedSeq;
    }

    // The views below are read after every step of every case (loops, not streams: a campaign spends its time here).

    public List<BufferedFrame> buf(final int vf) {
        final List<Held> held = vms.get(vf).buf;
        final List<BufferedFrame> out = new ArrayList<>(held.size());
        for (final Held h : held) {
            out.add(new BufferedFrame(h.seq(), h.epoch()));
        }
        return out;
    }

    public List<QueuedFrame> txHigh() {
        return frames(txHigh);
    }

    public List<QueuedFrame> txNormal() {
        return frames(txNormal);
    }

    private static List<QueuedFrame> frames(final List<Queued> queue) {
        final List<QueuedFrame> out = new ArrayList<>(queue.size());
        for (final Queued q : queue) {
            out.add(new QueuedFrame(q.vf(), q.seq()));
        }
        return out;
    }

    /** Frames on the wire so far. */
    public int wireSize() {
        return wire.size();
    }

    /** The {@code i}-th frame on the wire, counting from 0. */
    public QueuedFrame onWire(final int i) {
        return wire.get(i);
    }

    private Vm checkpointingVm(final int vf) {
        final Vm vm = vms.get(vf);
        if (vm == null || !vm.checkpointing) {
            throw new IllegalArgumentException("VF " + vf + " is not a checkpointing VF");
        }
        return vm;
    }
}
