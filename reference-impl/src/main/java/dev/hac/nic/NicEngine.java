package dev.hac.nic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The NIC buffer engine: classifies outgoing frames per VF, buffers the frames of checkpointing VFs per epoch,
 * releases whole epochs on commit, and schedules released frames ahead of ordinary traffic (docs/DESIGN.md R1-R3,
 * R5, R6, R8, R9).
 *
 * <h2>Model correspondence</h2>
 * The engine owns these variables of docs/DESIGN.md §2, exposed read-only for conformance:
 * {@code buf[v]} = {@link #buffered(int)}, {@code txHigh} = {@link #txHigh()}, {@code txNormal} =
 * {@link #txNormal()}, {@code highStreak} = {@link #highStreak()}, {@code vmSeq[v]} = {@link #lastSequence(int)},
 * {@code epoch[v]} = {@link #openEpoch(int)}; {@code wire} is what the {@link FrameSink} received
 * (see {@link RecordingSink}). VMs are VF indices.
 *
 * <ul>
 * <li>Sequence numbers: every frame of a VF that is accepted ({@link SubmitStatus#BUFFERED},
 *     {@link SubmitStatus#QUEUED}) or dropped by {@link OverflowPolicy#DROP} gets the VF's next sequence number,
 *     starting at 1. Refused frames (malformed, spoofed, oversize, backpressure, ring full) consume none.</li>
 * <li>Epochs: each checkpointing VF starts with open epoch 1. {@link #seal} closes it and opens the next;
 *     {@link #commit} moves every sealed epoch {@code <=} the given one, in order, to the high class; the open
 *     epoch is never released by a commit.</li>
 * <li>Failures: {@link #discardAll()} is the primary's crash; {@link #releaseAllAndStopBuffering(int...)} is the
 *     primary noticing the loss of its secondary; a takeover builds a fresh engine with
 *     {@link NicConfig#buffering()} false and sets each VF's {@link #setLastSequence(int, long)} to the committed
 *     sequence number.</li>
 * </ul>
 *
 * <h2>Layout</h2>
 * This class is the hot path ({@link #submit}, {@link #seal}, {@link #commit}, {@link #transmit}) over four pieces
 * of state beside it: {@link VfSettings} (per-VF configuration), {@link FrameStore} (per VF a power-of-two ring of
 * {@link Descriptor}s and a power-of-two share of one payload slab; queued frames then buffered frames, in seq
 * order), {@link SealedEpochs} (the open epoch and a record per sealed epoch) and the two {@link ClassQueue}s;
 * counters are in {@link VfCounterTable} and the queues. A release only moves a boundary in the VF's ring and
 * appends one segment to the high class: O(1) per commit plus O(1) per sealed epoch it covers, independent of the
 * number of frames. All memory is allocated by the constructor; the hot path allocates nothing and reports full
 * buffers as status codes.
 *
 * <p>The engine is single-threaded: one thread (the NIC's, or the lockstep driver) calls every method. Nothing
 * here is volatile; a host that submits from several threads must hand frames over through its own queue.
 * Control-plane misuse (unknown VF in seal/commit, committing an epoch not yet sealed) is a bug in the caller
 * and throws {@link IllegalArgumentException} or {@link IllegalStateException} without changing state; traffic
 * never throws.
 */
public final class NicEngine {

    private final NicConfig config;
    private final int maxVfs;
    private final int mtu;
    private final boolean bypass;
    private final int bypassK;
    private final FrameSink sink;
    private final NanoClock clock;
    private HighWaterListener highWaterListener = HighWaterListener.NONE;
    private OutputListener outputListener = OutputListener.NONE;

    private final VfSettings vfs;
    private final FrameStore store;
    private final SealedEpochs epochs;
    private final ClassQueue high;
    private final ClassQueue normal;
    private final VfCounterTable counters;
    private final boolean[] highWaterRaised;
    /** A frame entered the open epoch since its seal: it waits for a checkpoint (the output signal). */
    private final boolean[] outputPending;

    private boolean buffering;
    private int highStreak;
    private long leaseUntil = NO_LEASE;
    /** The lease ran out during the current {@link #transmit} call: no more checkpointed-class frames in it. */
    private boolean leaseLapsed;
    private boolean halted;
    private final long[] holds = new long[HoldReason.values().length];

    /**
     * Allocates all rings and the slab.
     *
     * @param config engine configuration
     * @param sink   receives every transmitted frame
     */
    public NicEngine(final NicConfig config, final FrameSink sink) {
        this(config, sink, NanoClock.SYSTEM);
    }

    /** As {@link #NicEngine(NicConfig, FrameSink)}, with the lease read against {@code clock}. */
    NicEngine(final NicConfig config, final FrameSink sink, final NanoClock clock) {
        if (config == null || sink == null) {
            throw new IllegalArgumentException("config and sink are required");
        }
        this.clock = clock;
        this.config = config;
        this.maxVfs = config.maxVfs();
        this.mtu = config.mtu();
        this.bypass = config.policy().kind() == SchedulerPolicy.Kind.BOUNDED_BYPASS;
        this.bypassK = config.policy().k();
        this.sink = sink;
        this.buffering = config.buffering();
        this.vfs = new VfSettings(maxVfs);
        this.store = new FrameStore(maxVfs, config.ringSize(), config.slabBytesPerVf(), sink.wantsSubmitTimes());
        this.epochs = new SealedEpochs(maxVfs, config.ringSize());
        this.high = new ClassQueue(TrafficClass.HIGH, maxVfs * config.ringSize());
        this.normal = new ClassQueue(TrafficClass.NORMAL, maxVfs * config.ringSize());
        this.counters = new VfCounterTable(maxVfs);
        this.highWaterRaised = new boolean[maxVfs];
        this.outputPending = new boolean[maxVfs];
    }

    // ------------------------------------------------------------------ hot path

    /**
     * Submits one Ethernet frame (without FCS) sent by the VM of {@code vf}. The bytes are copied into the slab
     * before returning, so the caller may reuse its array.
     *
     * @return a {@link SubmitStatus} code; never throws, never allocates
     */
    public int submit(final int vf, final byte[] frame, final int offset, final int length) {
        if (!vfs.isConfigured(vf)) {
            return refuseUnknownVf();
        }
        counters.add(vf, VfCounterTable.SUBMITTED, 1);
        final int verdict = verdict(vf, frame, offset, length);
        if (verdict != FrameClassifier.VALID) {
            return refuse(vf, verdict);
        }
        if (vfs.checkpointing[vf] && buffering) {
            return buffer(vf, frame, offset, length);
        }
        if (!store.append(vf, frame, offset, length, 0)) {
            return refuse(vf, SubmitStatus.RING_FULL);
        }
        // Straight to a queue: the frame is released the moment it arrives.
        store.releaseTo(vf, store.tail[vf], store.bytesIn[vf]);
        (vfs.checkpointing[vf] ? high : normal).append(vf, 1);
        counters.add(vf, VfCounterTable.QUEUED_DIRECT, 1);
        return SubmitStatus.QUEUED;
    }

    private int buffer(final int vf, final byte[] frame, final int offset, final int length) {
        final int frames = store.bufferedFrames(vf);
        final long bytes = store.bufferedBytes(vf);
        if (frames >= vfs.maxFrames[vf] || bytes + length > vfs.maxBytes[vf]) {
            return overflow(vf);
        }
        if (!store.append(vf, frame, offset, length, epochs.open[vf])) {
            return refuse(vf, SubmitStatus.RING_FULL);
        }
        counters.add(vf, VfCounterTable.BUFFERED, 1);
        signalBuffered(vf, frames + 1, bytes + length);
        return SubmitStatus.BUFFERED;
    }

    /**
     * Closes the VF's open epoch (a checkpoint of the VM starts) and opens the next one; also clears the VF's
     * high-water and output signals.
     *
     * @return the sealed epoch (>= 1)
     * @throws IllegalArgumentException if the VF is not a configured checkpointing VF
     * @throws IllegalStateException    if the engine is not buffering (no checkpoints when unprotected or failed over)
     */
    public long seal(final int vf) {
        requireCheckpointing(vf);
        if (!buffering) {
            throw new IllegalStateException("VF " + vf + ": the engine is not buffering, there is no epoch to seal");
        }
        clearSignals(vf);
        return epochs.seal(vf, store.tail[vf], store.bytesIn[vf], store.releasedTo[vf]);
    }

    /**
     * The checkpoint of {@code epoch} is safe on the secondary: moves the frames of every sealed epoch
     * {@code <= epoch} of the VF, in order, to the end of the high class. A commit of an epoch already released
     * releases nothing. Does nothing when the engine is not buffering (a late acknowledgement after the switch
     * to unprotected mode, which released everything already).
     *
     * @return frames released
     * @throws IllegalArgumentException if the VF is not a configured checkpointing VF, or {@code epoch} is not
     *                                  sealed ({@code epoch >= openEpoch(vf)}): releasing the open epoch would
     *                                  break output commit
     */
    public int commit(final int vf, final long epoch) {
        requireSealed(vf, epoch);
        if (!buffering) {
            return 0;
        }
        final int last = epochs.takeThrough(vf, epoch);
        return last < 0 ? 0 : release(vf, epochs.end(last), epochs.endBytes(last));
    }

    /** Moves the VF's buffered frames up to ring position {@code end} to the end of the high class. */
    private int release(final int vf, final long end, final long endBytes) {
        counters.noteOccupancy(vf, store.bufferedFrames(vf), store.bufferedBytes(vf));
        final int n = store.releaseTo(vf, end, endBytes);
        if (n > 0) {
            high.append(vf, n);
            counters.add(vf, VfCounterTable.RELEASED, n);
        }
        return n;
    }

    /**
     * Sends up to {@code maxFrames} frames to the sink, each chosen by the scheduler policy: under STRICT the head
     * of the high class whenever it is non-empty; under BOUNDED_BYPASS(k) the head of the high class unless an
     * ordinary frame waits and {@code k} high frames in a row have gone out while it waited (then one ordinary
     * frame goes, and the streak resets). Per-VF order is kept because each VF uses one class. Under a lease
     * ({@link #setLease}) each checkpointed-class frame goes only if the lease still holds just before it is handed
     * to the sink; once it has run out, the rest of the high class waits and ordinary frames still go.
     *
     * @return frames sent (fewer than asked when both queues ran empty or the lease held the high class)
     */
    public int transmit(final int maxFrames) {
        if (halted) {
            return heldByHalt();
        }
        leaseLapsed = false;
        int sent = 0;
        // No frame arrives during transmit, so which queues are non-empty only changes when one runs dry: the
        // scheduler decides once per run of frames of the head segment instead of once per frame.
        while (sent < maxFrames) {
            final boolean highWaiting = !leaseLapsed && !high.isEmpty();
            final boolean normalWaiting = !normal.isEmpty();
            if (highWaiting && (!normalWaiting || !bypass || highStreak < bypassK)) {
                final boolean counting = bypass && normalWaiting;
                final int n = sendRun(high, leaseUntil,
                        counting ? Math.min(maxFrames - sent, bypassK - highStreak) : maxFrames - sent);
                highStreak = counting ? highStreak + n : 0;
                sent += n;
            } else if (normalWaiting) {
                highStreak = 0;
                // Under bypass with high frames waiting, one ordinary frame, then the high class again.
                sent += sendRun(normal, NO_LEASE, highWaiting ? 1 : maxFrames - sent);
            } else {
                break;
            }
        }
        return sent;
    }

    /**
     * Sends up to {@code max} frames of the head segment of {@code q}, each only if {@link #leaseRanOut} says the
     * {@code deadline} has not passed ({@link #NO_LEASE}: no check); returns how many went.
     */
    private int sendRun(final ClassQueue q, final long deadline, final int max) {
        final int vf = q.headVf();
        final int n = Math.min(max, q.headCount());
        long bytes = 0;
        int i = 0;
        try {
            for (; i < n && !leaseRanOut(deadline); i++) {
                bytes += store.sendHead(vf, q.cls, sink);
            }
        } finally {
            // Keeps the queues consistent even if a sink throws: what was handed over counts as sent.
            if (i > 0) {
                q.consume(i, bytes);
                counters.add(vf, VfCounterTable.TRANSMITTED, i);
                counters.add(vf, VfCounterTable.TRANSMITTED_BYTES, bytes);
            }
        }
        return i;
    }

    // ------------------------------------------------------------------ cold branches of the hot path

    /** Bounds, then the frame's own checks, then its source MAC: the first refusal, or {@link FrameClassifier#VALID}. */
    private int verdict(final int vf, final byte[] frame, final int offset, final int length) {
        if (frame == null || offset < 0 || length < 0 || offset > frame.length - length) {
            return SubmitStatus.REFUSED_BAD_BOUNDS;
        }
        final int verdict = FrameClassifier.classify(frame, offset, length, mtu);
        if (verdict != FrameClassifier.VALID) {
            return verdict;
        }
        return FrameClassifier.sourceMac(frame, offset) == vfs.mac[vf] ? FrameClassifier.VALID
                : SubmitStatus.REFUSED_SPOOFED;
    }

    private int refuseUnknownVf() {
        counters.unattributed(Reason.UNKNOWN_VF);
        return SubmitStatus.REFUSED_UNKNOWN_VF;
    }

    private int refuse(final int vf, final int status) {
        counters.count(vf, Reason.ofStatus(status), 1);
        return status;
    }

    /** The VF's buffer limit is reached: drop the frame (it still consumes a sequence number) or push back. */
    private int overflow(final int vf) {
        if (vfs.overflow[vf] == OverflowPolicy.DROP) {
            store.lastSeq[vf]++;
            counters.count(vf, Reason.DROPPED, 1);
            return SubmitStatus.DROPPED;
        }
        return refuse(vf, SubmitStatus.BACKPRESSURE);
    }

    /**
     * The signals a buffered frame may raise, after it is in the open epoch: the output signal once per epoch
     * (checkpoint on output), the high-water signal once per epoch when the mark is reached.
     */
    private void signalBuffered(final int vf, final int frames, final long bytes) {
        if (!outputPending[vf]) {
            outputPending[vf] = true;
            outputListener.onOutput(vf);
        }
        if (vfs.overflow[vf] == OverflowPolicy.EARLY_CHECKPOINT && !highWaterRaised[vf]
                && (frames >= vfs.highWaterFrames[vf] || bytes >= vfs.highWaterBytes[vf])) {
            highWaterRaised[vf] = true;
            highWaterListener.onHighWater(vf, frames, bytes);
        }
    }

    /** Lowers the VF's high-water and output signals: its open epoch is empty, or nothing of it waits any more. */
    private void clearSignals(final int vf) {
        highWaterRaised[vf] = false;
        outputPending[vf] = false;
    }

    /**
     * True, and the hold counted, when the clock has reached {@code deadline}: then no more checkpointed-class
     * frames in this {@link #transmit} call.
     *
     * <p>The lease is read per frame, immediately before the frame is lent to the sink, because a check per run
     * or per call lets every frame after it out however long the host stopped in between: a SIGSTOP (or a stall
     * of the VM) in the middle of a run of 256 would send the rest after the secondary took over. Between this
     * read and the frame leaving there is only the sink's bounded work ({@code UdpTransmitter}: header fields, a
     * cached address, no lock held by another thread, nothing that blocks) up to its send system call; a frame
     * inside that call is on the wire before a stop takes effect. A pause in that window is what
     * {@code Fencing.pauseBound} bounds and what the secondary's takeover silence adds to the lease (docs/DESIGN.md
     * §8). The clock is {@code CLOCK_MONOTONIC}, one for all cores; each frame reads it afresh (the JIT does not
     * hoist {@code nanoTime}, which is not a pure operation) and the send is control-dependent on the comparison,
     * so no frame can leave ahead of its check. {@link #leaseUntil} is written only by this engine's thread
     * ({@link #setLease}), so it needs no fence. One clock read per checkpointed-class frame, only under a lease
     * ({@code hac bench nic}, impl {@code leased}, measures it).
     */
    private boolean leaseRanOut(final long deadline) {
        if (deadline == NO_LEASE || clock.nanoTime() - deadline < 0) {
            return false;
        }
        leaseLapsed = true;
        holds[HoldReason.LEASE_EXPIRED.ordinal()]++;
        return true;
    }

    private int heldByHalt() {
        if (!high.isEmpty() || !normal.isEmpty()) {
            holds[HoldReason.HALTED.ordinal()]++;
        }
        return 0;
    }

    private boolean leaseHolds() {
        return leaseUntil == NO_LEASE || clock.nanoTime() - leaseUntil < 0;
    }

    // ------------------------------------------------------------------ configuration

    /** {@link #setLease} value of an engine whose checkpointed-class output needs no lease. */
    public static final long NO_LEASE = Long.MAX_VALUE;

    /** The configuration the engine was built with. */
    public NicConfig config() {
        return config;
    }

    /** Sets the listener called when a checkpointing VF's frame enters an empty open epoch. */
    public void setOutputListener(final OutputListener listener) {
        this.outputListener = listener == null ? OutputListener.NONE : listener;
    }

    /** Sets the listener called when an {@link OverflowPolicy#EARLY_CHECKPOINT} VF reaches its high-water mark. */
    public void setHighWaterListener(final HighWaterListener listener) {
        this.highWaterListener = listener == null ? HighWaterListener.NONE : listener;
    }

    /**
     * Configures (or reconfigures) a VF. A VF that holds frames (buffered or queued) is not reconfigured
     * ({@link ConfigResult#REFUSED_BUSY}, see there why). Reconfiguring keeps the VF's sequence number and open
     * epoch; a first configuration starts them at 0 (no frame yet) and 1.
     *
     * @return {@link ConfigResult#APPLIED} or why not; a refusal changes nothing
     */
    public ConfigResult configure(final VfConfig c) {
        final int vf = c.vf();
        if (vf >= maxVfs) {
            return ConfigResult.REFUSED_NO_SUCH_VF;
        }
        if (vfs.configured[vf] && store.holdsFrames(vf)) {
            return ConfigResult.REFUSED_BUSY;
        }
        final ConfigResult refused = vfs.refusal(c, config.ringSize(), config.slabBytesPerVf());
        if (refused != null) {
            return refused;
        }
        if (!vfs.configured[vf]) {
            store.lastSeq[vf] = 0;
            epochs.open[vf] = 1;
        }
        vfs.apply(c);
        clearSignals(vf);
        return ConfigResult.APPLIED;
    }

    /** True when the VF is configured. */
    public boolean isConfigured(final int vf) {
        return vfs.isConfigured(vf);
    }

    /** True when the VF is configured as checkpointing. */
    public boolean isCheckpointing(final int vf) {
        return vfs.isCheckpointing(vf);
    }

    /**
     * Sets the VF's last used sequence number, so its next accepted or dropped frame gets {@code seq + 1}. Used at
     * takeover: the VM resumes from its committed checkpoint, i.e. at {@code committed[v].seq}.
     *
     * @throws IllegalArgumentException if the VF is not configured or {@code seq < 0}
     * @throws IllegalStateException    if the VF holds frames (their numbers would no longer be in order)
     */
    public void setLastSequence(final int vf, final long seq) {
        requireConfigured(vf);
        if (seq < 0) {
            throw new IllegalArgumentException("VF " + vf + ": sequence number must be >= 0 (got " + seq + ")");
        }
        requireIdle(vf, "sequence number");
        counters.sequenceJump(vf, store.lastSeq[vf], seq);
        store.lastSeq[vf] = seq;
    }

    /**
     * Sets the VF's open epoch. Used at takeover, with {@link #setLastSequence}: the VM resumes from its committed
     * checkpoint of epoch {@code e}, so the epochs it fills next are {@code e + 1} on, as in the model, and a host
     * that joins later reads one numbering across every failover.
     *
     * @throws IllegalArgumentException if the VF is not configured or {@code epoch < 1}
     * @throws IllegalStateException    if the VF holds frames (their epochs would no longer be in order)
     */
    public void setOpenEpoch(final int vf, final long epoch) {
        requireConfigured(vf);
        if (epoch < 1) {
            throw new IllegalArgumentException("VF " + vf + ": epochs start at 1 (got " + epoch + ")");
        }
        requireIdle(vf, "open epoch");
        epochs.open[vf] = epoch;
    }

    /** A VF's numbering changes only while it holds no frame: theirs would no longer be in order. */
    private void requireIdle(final int vf, final String what) {
        if (store.holdsFrames(vf)) {
            throw new IllegalStateException("VF " + vf + " holds " + (store.tail[vf] - store.head[vf])
                    + " frames; its " + what + " can only be set while it is idle");
        }
    }

    // ------------------------------------------------------------------ failures

    /**
     * The primary crashed: everything buffered or queued vanishes (counted as {@link Reason#DISCARDED}),
     * {@code highStreak} resets. Sequence numbers and epochs are kept (the host is gone anyway).
     *
     * @return frames discarded
     */
    public long discardAll() {
        long total = 0;
        for (int vf = 0; vf < maxVfs; vf++) {
            if (!vfs.configured[vf]) {
                continue;
            }
            counters.noteOccupancy(vf, store.bufferedFrames(vf), store.bufferedBytes(vf));
            final long n = store.discard(vf);
            counters.count(vf, Reason.DISCARDED, n);
            total += n;
            epochs.clear(vf);
            clearSignals(vf);
        }
        high.discardAll();
        normal.discardAll();
        highStreak = 0;
        return total;
    }

    /** Releases every VF in ascending VF order; see {@link #releaseAllAndStopBuffering(int...)}. */
    public long releaseAllAndStopBuffering() {
        final int[] order = new int[vfs.countCheckpointing()];
        int i = 0;
        for (int vf = 0; vf < maxVfs; vf++) {
            if (isCheckpointing(vf)) {
                order[i++] = vf;
            }
        }
        return releaseAllAndStopBuffering(order);
    }

    /**
     * The secondary is lost: every checkpointing VF's whole buffer (sealed and open epochs) is appended to the high
     * class, VF by VF in the given order, and the engine stops buffering: from now on checkpointing VFs' frames go
     * straight to the high class, and commits do nothing.
     *
     * @param vfOrder every configured checkpointing VF exactly once
     * @return frames released
     * @throws IllegalArgumentException if {@code vfOrder} is not such a permutation
     * @throws IllegalStateException    if the engine is not buffering
     */
    public long releaseAllAndStopBuffering(final int... vfOrder) {
        if (!buffering) {
            throw new IllegalStateException("the engine is not buffering; nothing to release");
        }
        final boolean[] seen = new boolean[maxVfs];
        for (final int vf : vfOrder) {
            if (!isCheckpointing(vf) || seen[vf]) {
                throw new IllegalArgumentException("release order " + Arrays.toString(vfOrder)
                        + " must name every checkpointing VF exactly once (bad or repeated: " + vf + ")");
            }
            seen[vf] = true;
        }
        if (vfOrder.length != vfs.countCheckpointing()) {
            throw new IllegalArgumentException("release order " + Arrays.toString(vfOrder)
                    + " misses checkpointing VFs (there are " + vfs.countCheckpointing() + ")");
        }
        long total = 0;
        for (final int vf : vfOrder) {
            total += release(vf, store.tail[vf], store.bytesIn[vf]);
            epochs.clear(vf);
            clearSignals(vf);
        }
        buffering = false;
        return total;
    }

    /**
     * A new secondary joins: checkpointing VFs buffer again from the next frame on, in their open epoch (everything
     * before was released at the loss). The first checkpoint sealed after this covers every frame buffered since,
     * so output commit holds from here as it did before the loss.
     *
     * @throws IllegalStateException if the engine is buffering already or halted
     */
    public void resumeBuffering() {
        if (buffering || halted) {
            throw new IllegalStateException("cannot resume buffering: the engine is " + (halted ? "halted" : "buffering"));
        }
        buffering = true;
    }

    // ------------------------------------------------------------------ views (allocate; not for the hot path)

    /** True while frames of checkpointing VFs are buffered (protected mode). */
    public boolean isBuffering() {
        return buffering;
    }

    /** The model's {@code highStreak}. */
    public int highStreak() {
        return highStreak;
    }

    /** The model's {@code vmSeq[v]}: the last sequence number the VF consumed (0 before its first frame). */
    public long lastSequence(final int vf) {
        requireConfigured(vf);
        return store.lastSeq[vf];
    }

    /** The model's {@code epoch[v]}: the VF's open epoch. */
    public long openEpoch(final int vf) {
        requireConfigured(vf);
        return epochs.open[vf];
    }

    /** True when the VF's high-water signal is raised (it is cleared by {@link #seal}). */
    public boolean highWaterRaised(final int vf) {
        requireConfigured(vf);
        return highWaterRaised[vf];
    }

    /** True when a frame entered the VF's open epoch since it was sealed ({@link OutputListener}). */
    public boolean outputPending(final int vf) {
        requireConfigured(vf);
        return outputPending[vf];
    }

    /** Frames in the VF's epoch buffers. */
    public int bufferedFrames(final int vf) {
        requireConfigured(vf);
        return store.bufferedFrames(vf);
    }

    /** Bytes in the VF's epoch buffers. */
    public long bufferedBytes(final int vf) {
        requireConfigured(vf);
        return store.bufferedBytes(vf);
    }

    /** Frames waiting in either transmit class. */
    public long queuedFrames() {
        return high.frames() + normal.frames();
    }

    /** The model's {@code buf[v]}: the VF's buffered frames, oldest first (empty for an ordinary VF). */
    public List<BufferedFrame> buffered(final int vf) {
        requireConfigured(vf);
        return store.buffered(vf);
    }

    /** The model's {@code txHigh}, head first. */
    public List<QueuedFrame> txHigh() {
        return store.queued(high);
    }

    /** The model's {@code txNormal}, head first. */
    public List<QueuedFrame> txNormal() {
        return store.queued(normal);
    }

    /** A snapshot of every counter. */
    public NicCounters counters() {
        final List<VfCounters> out = new ArrayList<>();
        for (int vf = 0; vf < maxVfs; vf++) {
            if (vfs.configured[vf]) {
                counters.noteOccupancy(vf, store.bufferedFrames(vf), store.bufferedBytes(vf));
                out.add(counters.snapshot(vf, store));
            }
        }
        return new NicCounters(out, high.counters(), normal.counters(), counters.unattributed());
    }

    private void requireConfigured(final int vf) {
        if (!vfs.isConfigured(vf)) {
            throw new IllegalArgumentException("VF " + vf + " is not configured");
        }
    }

    private void requireCheckpointing(final int vf) {
        requireConfigured(vf);
        if (!vfs.checkpointing[vf]) {
            throw new IllegalArgumentException("VF " + vf + " is not a checkpointing VF");
        }
    }

    private void requireSealed(final int vf, final long epoch) {
        requireCheckpointing(vf);
        if (epoch >= epochs.open[vf]) {
            throw new IllegalArgumentException("VF " + vf + ": commit of epoch " + epoch
                    + " which is not sealed (open epoch is " + epochs.open[vf] + ")");
        }
    }

    // ------------------------------------------------------------------ lease and halt

    /**
     * Checkpointed-class frames leave only while {@link System#nanoTime()} is before {@code untilNanos}, checked
     * before each frame; {@link #NO_LEASE} lifts the gate (a host that won the witness, or runs without fencing).
     * Ordinary frames are never held by the lease. Called on the engine's thread, like every other method.
     */
    public void setLease(final long untilNanos) {
        leaseUntil = untilNanos;
    }

    /**
     * The host lost the witness: everything buffered or queued is discarded (as {@link #discardAll}) and nothing
     * is sent any more, of either class.
     *
     * @return frames discarded
     */
    public long halt() {
        halted = true;
        return discardAll();
    }

    public boolean isHalted() {
        return halted;
    }

    /** {@link #transmit} calls that found frames waiting and held them for {@code reason}. */
    public long holds(final HoldReason reason) {
        return holds[reason.ordinal()];
    }

    /** Frames {@link #transmit} would send now: waiting frames not held by the lease or a halt. */
    public long sendableFrames() {
        if (halted) {
            return 0;
        }
        return normal.frames() + (high.isEmpty() || leaseHolds() ? high.frames() : 0);
    }
}
