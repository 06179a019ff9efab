package dev.hac.nic;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

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
 * <h2>Memory and threading</h2>
 * All memory is allocated by the constructor: per VF a power-of-two ring of descriptors ({@link Descriptor}) and a
 * power-of-two share of one payload slab, used as a byte ring (a frame that would straddle the end starts at the
 * beginning instead; the skipped tail is freed with it). Each VF's ring holds, in seq order, its queued frames
 * followed by its buffered frames, so a release only moves a boundary and appends one segment to the high queue:
 * O(1) per commit plus O(1) per sealed epoch it covers, independent of the number of frames. The hot path
 * ({@link #submit}, {@link #transmit}) allocates nothing and reports full buffers as status codes.
 *
 * <p>The engine is single-threaded: one thread (the NIC's, or the lockstep driver) calls every method. Nothing
 * here is volatile; a host that submits from several threads must hand frames over through its own queue.
 * Control-plane misuse (unknown VF in seal/commit, committing an epoch not yet sealed) is a bug in the caller
 * and throws {@link IllegalArgumentException} or {@link IllegalStateException} without changing state; traffic
 * never throws.
 */
public final class NicEngine {

    // Per-VF counter slots in vfCounters (vf * COUNTERS + slot).
    private static final int C_SUBMITTED = 0;
    private static final int C_BUFFERED = 1;
    private static final int C_QUEUED_DIRECT = 2;
    private static final int C_RELEASED = 3;
    private static final int C_TRANSMITTED = 4;
    private static final int C_TRANSMITTED_BYTES = 5;
    private static final int C_OCC_HIGH_FRAMES = 6;
    private static final int C_OCC_HIGH_BYTES = 7;
    private static final int C_CONSUMED_BASE = 8; // lastSeq minus the numbers consumed; moves with setLastSequence
    private static final int COUNTERS = 9;
    private static final int REASONS = Reason.values().length;

    private final NicConfig config;
    private final int maxVfs;
    private final int ringSize;
    private final int ringMask;
    private final int slabPerVf;
    private final int slabMask;
    private final int mtu;
    private final boolean bypass;
    private final int bypassK;
    private final FrameSink sink;
    private HighWaterListener highWaterListener = HighWaterListener.NONE;

    private final long[] descriptors;
    private final byte[] slab;
    private final SegmentQueue high;
    private final SegmentQueue normal;

    private boolean buffering;
    private int highStreak;
    private long leaseUntil = NO_LEASE;
    private boolean halted;
    private final long[] holds = new long[HoldReason.values().length];

    // Per-VF configuration.
    private final boolean[] configured;
    private final boolean[] checkpointing;
    private final long[] mac;
    private final int[] maxFrames;
    private final long[] maxBytes;
    private final OverflowPolicy[] overflow;
    private final int[] highWaterFrames;
    private final long[] highWaterBytes;

    // Per-VF state. Ring positions are counters: queued = [ringHead, releasedTo), buffered = [releasedTo, ringTail).
    private final long[] lastSeq;
    private final long[] openEpoch;
    private final long[] ringHead;
    private final long[] releasedTo;
    private final long[] ringTail;
    private final long[] slabHead;
    private final long[] slabTail;
    private final long[] bytesIn;
    private final long[] bytesReleased;
    private final boolean[] highWaterRaised;
    /** A frame entered the open epoch since its seal: it waits for a checkpoint (the output signal). */
    private final boolean[] outputPending;
    private OutputListener outputListener = OutputListener.NONE;

    // Per-VF ring of sealed, non-empty, unreleased epochs: (epoch, ring position and bytesIn just past its last frame).
    private final long[] sealedEpoch;
    private final long[] sealedEnd;
    private final long[] sealedBytes;
    private final long[] sealedHead;
    private final long[] sealedTail;

    private final long[] vfCounters;
    private final long[] reasonCounters;
    private final long[] unattributed = new long[REASONS];
    private final long[] classEnqueued = new long[2];
    private final long[] classTransmitted = new long[2];
    private final long[] classBytes = new long[2];
    private final long[] classDiscarded = new long[2];
    private final long[] classDepthHigh = new long[2];

    /**
     * Allocates all rings and the slab.
     *
     * @param config engine configuration
     * @param sink   receives every transmitted frame
     */
    public NicEngine(final NicConfig config, final FrameSink sink) {
        if (config == null || sink == null) {
            throw new IllegalArgumentException("config and sink are required");
        }
        this.config = config;
        this.maxVfs = config.maxVfs();
        this.ringSize = config.ringSize();
        this.ringMask = ringSize - 1;
        this.slabPerVf = config.slabBytesPerVf();
        this.slabMask = slabPerVf - 1;
        this.mtu = config.mtu();
        this.bypass = config.policy().kind() == SchedulerPolicy.Kind.BOUNDED_BYPASS;
        this.bypassK = config.policy().k();
        this.sink = sink;
        this.buffering = config.buffering();

        final int slots = maxVfs * ringSize;
        this.descriptors = new long[slots << Descriptor.SHIFT];
        this.slab = new byte[maxVfs * slabPerVf];
        this.high = new SegmentQueue(slots);
        this.normal = new SegmentQueue(slots);

        this.configured = new boolean[maxVfs];
        this.checkpointing = new boolean[maxVfs];
        this.mac = new long[maxVfs];
        this.maxFrames = new int[maxVfs];
        this.maxBytes = new long[maxVfs];
        this.overflow = new OverflowPolicy[maxVfs];
        this.highWaterFrames = new int[maxVfs];
        this.highWaterBytes = new long[maxVfs];
        this.lastSeq = new long[maxVfs];
        this.openEpoch = new long[maxVfs];
        this.ringHead = new long[maxVfs];
        this.releasedTo = new long[maxVfs];
        this.ringTail = new long[maxVfs];
        this.slabHead = new long[maxVfs];
        this.slabTail = new long[maxVfs];
        this.bytesIn = new long[maxVfs];
        this.bytesReleased = new long[maxVfs];
        this.highWaterRaised = new boolean[maxVfs];
        this.outputPending = new boolean[maxVfs];
        this.sealedEpoch = new long[slots];
        this.sealedEnd = new long[slots];
        this.sealedBytes = new long[slots];
        this.sealedHead = new long[maxVfs];
        this.sealedTail = new long[maxVfs];
        this.vfCounters = new long[maxVfs * COUNTERS];
        this.reasonCounters = new long[maxVfs * REASONS];
    }

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

    // ------------------------------------------------------------------ configuration

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
        if (configured[vf] && ringTail[vf] != ringHead[vf]) {
            return ConfigResult.REFUSED_BUSY;
        }
        for (int other = 0; other < maxVfs; other++) {
            if (other != vf && configured[other] && mac[other] == c.mac()) {
                return ConfigResult.REFUSED_DUPLICATE_MAC;
            }
        }
        if (c.maxFrames() > ringSize || c.maxBytes() > slabPerVf) {
            return ConfigResult.REFUSED_LIMITS_EXCEED_RESOURCES;
        }
        if (!configured[vf]) {
            configured[vf] = true;
            lastSeq[vf] = 0;
            openEpoch[vf] = 1;
        }
        checkpointing[vf] = c.checkpointing();
        mac[vf] = c.mac();
        maxFrames[vf] = c.maxFrames();
        maxBytes[vf] = c.maxBytes();
        overflow[vf] = c.overflow();
        highWaterFrames[vf] = c.highWaterFrames();
        highWaterBytes[vf] = c.highWaterBytes();
        highWaterRaised[vf] = false;
        outputPending[vf] = false;
        return ConfigResult.APPLIED;
    }

    /** True when the VF is configured. */
    public boolean isConfigured(final int vf) {
        return vf >= 0 && vf < maxVfs && configured[vf];
    }

    /** True when the VF is configured as checkpointing. */
    public boolean isCheckpointing(final int vf) {
        return isConfigured(vf) && checkpointing[vf];
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
        if (ringTail[vf] != ringHead[vf]) {
            throw new IllegalStateException("VF " + vf + " holds " + (ringTail[vf] - ringHead[vf])
                    + " frames; its sequence number can only be set while it is idle");
        }
        // Keep the consumed count running across the jump: consumed = lastSeq - base.
        final int base = vf * COUNTERS + C_CONSUMED_BASE;
        vfCounters[base] = seq - (lastSeq[vf] - vfCounters[base]);
        lastSeq[vf] = seq;
    }

    // ------------------------------------------------------------------ hot path

    /**
     * Submits one Ethernet frame (without FCS) sent by the VM of {@code vf}. The bytes are copied into the slab
     * before returning, so the caller may reuse its array.
     *
     * @return a {@link SubmitStatus} code; never throws, never allocates
     */
    public int submit(final int vf, final byte[] frame, final int offset, final int length) {
        if (vf < 0 || vf >= maxVfs || !configured[vf]) {
            unattributed[Reason.UNKNOWN_VF.ordinal()]++;
            return SubmitStatus.REFUSED_UNKNOWN_VF;
        }
        vfCounters[vf * COUNTERS + C_SUBMITTED]++;
        if (frame == null || offset < 0 || length < 0 || offset > frame.length - length) {
            return refuse(vf, SubmitStatus.REFUSED_BAD_BOUNDS);
        }
        final int verdict = FrameClassifier.classify(frame, offset, length, mtu);
        if (verdict != FrameClassifier.VALID) {
            return refuse(vf, verdict);
        }
        if (FrameClassifier.sourceMac(frame, offset) != mac[vf]) {
            return refuse(vf, SubmitStatus.REFUSED_SPOOFED);
        }
        if (checkpointing[vf] && buffering) {
            return buffer(vf, frame, offset, length);
        }
        if (!append(vf, frame, offset, length, 0)) {
            return refuse(vf, SubmitStatus.RING_FULL);
        }
        // Straight to a queue: the frame is released the moment it arrives.
        releasedTo[vf] = ringTail[vf];
        bytesReleased[vf] = bytesIn[vf];
        enqueue(checkpointing[vf] ? high : normal, checkpointing[vf] ? 0 : 1, vf, 1);
        vfCounters[vf * COUNTERS + C_QUEUED_DIRECT]++;
        return SubmitStatus.QUEUED;
    }

    private int buffer(final int vf, final byte[] frame, final int offset, final int length) {
        final int frames = (int) (ringTail[vf] - releasedTo[vf]);
        final long bytes = bytesIn[vf] - bytesReleased[vf];
        if (frames >= maxFrames[vf] || bytes + length > maxBytes[vf]) {
            if (overflow[vf] == OverflowPolicy.DROP) {
                lastSeq[vf]++;
                reasonCounters[vf * REASONS + Reason.DROPPED.ordinal()]++;
                return SubmitStatus.DROPPED;
            }
            return refuse(vf, SubmitStatus.BACKPRESSURE);
        }
        if (!append(vf, frame, offset, length, openEpoch[vf])) {
            return refuse(vf, SubmitStatus.RING_FULL);
        }
        vfCounters[vf * COUNTERS + C_BUFFERED]++;
        if (!outputPending[vf]) {
            outputPending[vf] = true;
            outputListener.onOutput(vf);
        }
        final int nowFrames = frames + 1;
        final long nowBytes = bytes + length;
        if (overflow[vf] == OverflowPolicy.EARLY_CHECKPOINT && !highWaterRaised[vf]
                && (nowFrames >= highWaterFrames[vf] || nowBytes >= highWaterBytes[vf])) {
            highWaterRaised[vf] = true;
            highWaterListener.onHighWater(vf, nowFrames, nowBytes);
        }
        return SubmitStatus.BUFFERED;
    }

    /** Copies the frame into the VF's slab share and ring, numbering it; false (nothing changed) when either is full. */
    private boolean append(final int vf, final byte[] frame, final int offset, final int length, final long epoch) {
        final long tail = ringTail[vf];
        if (tail - ringHead[vf] >= ringSize) {
            return false;
        }
        final long st = slabTail[vf];
        final int index = (int) (st & slabMask);
        // A frame never straddles the end of the share: skip the remainder, it is freed with this frame.
        final long start = index + length > slabPerVf ? st + (slabPerVf - index) : st;
        final long end = start + length;
        if (end - slabHead[vf] > slabPerVf) {
            return false;
        }
        System.arraycopy(frame, offset, slab, vf * slabPerVf + (int) (start & slabMask), length);
        slabTail[vf] = end;
        final long seq = ++lastSeq[vf];
        final int slot = vf * ringSize + (int) (tail & ringMask);
        descriptors[Descriptor.at(slot, Descriptor.SEQ)] = seq;
        descriptors[Descriptor.at(slot, Descriptor.EPOCH)] = epoch;
        descriptors[Descriptor.at(slot, Descriptor.SLAB_END)] = end;
        descriptors[Descriptor.at(slot, Descriptor.LENGTH)] = length;
        ringTail[vf] = tail + 1;
        bytesIn[vf] += length;
        return true;
    }

    private int refuse(final int vf, final int status) {
        reasonCounters[vf * REASONS + Reason.ofStatus(status).ordinal()]++;
        return status;
    }

    private void enqueue(final SegmentQueue q, final int cls, final int vf, final int frames) {
        q.append(vf, frames);
        classEnqueued[cls] += frames;
        if (q.frames() > classDepthHigh[cls]) {
            classDepthHigh[cls] = q.frames();
        }
    }

    /**
     * Sends up to {@code maxFrames} frames to the sink, each chosen by the scheduler policy: under STRICT the head
     * of the high class whenever it is non-empty; under BOUNDED_BYPASS(k) the head of the high class unless an
     * ordinary frame waits and {@code k} high frames in a row have gone out while it waited (then one ordinary
     * frame goes, and the streak resets). Per-VF order is kept because each VF uses one class.
     *
     * @return frames sent (fewer than asked when both queues ran empty)
     */
    public int transmit(final int maxFrames) {
        if (halted) {
            if (!high.isEmpty() || !normal.isEmpty()) {
                holds[HoldReason.HALTED.ordinal()]++;
            }
            return 0;
        }
        final boolean highOpen = high.isEmpty() || leaseHolds();
        if (!highOpen) {
            holds[HoldReason.LEASE_EXPIRED.ordinal()]++;
        }
        int sent = 0;
        // No frame arrives during transmit, so which queues are non-empty only changes when one runs dry: the
        // scheduler decides once per run of frames of the head segment instead of once per frame.
        while (sent < maxFrames) {
            final boolean highWaiting = highOpen && !high.isEmpty();
            final boolean normalWaiting = !normal.isEmpty();
            if (highWaiting && (!normalWaiting || !bypass || highStreak < bypassK)) {
                final boolean counting = bypass && normalWaiting;
                final int n = sendRun(high, TrafficClass.HIGH, 0,
                        counting ? Math.min(maxFrames - sent, bypassK - highStreak) : maxFrames - sent);
                highStreak = counting ? highStreak + n : 0;
                sent += n;
            } else if (normalWaiting) {
                highStreak = 0;
                // Under bypass with high frames waiting, one ordinary frame, then the high class again.
                sent += sendRun(normal, TrafficClass.NORMAL, 1, highWaiting ? 1 : maxFrames - sent);
            } else {
                break;
            }
        }
        return sent;
    }

    /**
     * Read once per {@link #transmit} call, on the monotonic clock: a host paused between this check and the send
     * is covered by the pause bound the secondary waits out before it takes over.
     */
    private boolean leaseHolds() {
        return leaseUntil == NO_LEASE || System.nanoTime() - leaseUntil < 0;
    }

    // ------------------------------------------------------------------ lease and halt

    /**
     * Checkpointed-class frames leave only while {@link System#nanoTime()} is before {@code untilNanos};
     * {@link #NO_LEASE} lifts the gate (a host that won the witness, or runs without fencing). Ordinary frames
     * are never held by the lease.
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

    /** Sends up to {@code max} frames of the head segment of {@code q}; returns how many. */
    private int sendRun(final SegmentQueue q, final TrafficClass cls, final int clsIndex, final int max) {
        final int vf = q.headVf();
        final int n = Math.min(max, q.headCount());
        final int ringBase = vf * ringSize;
        final int slabBase = vf * slabPerVf;
        long pos = ringHead[vf];
        long bytes = 0;
        int i = 0;
        try {
            for (; i < n; i++) {
                final int slot = ringBase + (int) (pos & ringMask);
                final long end = descriptors[Descriptor.at(slot, Descriptor.SLAB_END)];
                final int length = (int) descriptors[Descriptor.at(slot, Descriptor.LENGTH)];
                sink.onFrame(vf, descriptors[Descriptor.at(slot, Descriptor.SEQ)], cls, slab,
                        slabBase + (int) ((end - length) & slabMask), length);
                // Free only after the sink returned: the bytes it was lent stay valid during the call.
                pos++;
                ringHead[vf] = pos;
                slabHead[vf] = end;
                bytes += length;
            }
        } finally {
            // Keeps the queues consistent even if a sink throws: what was handed over counts as sent.
            if (i > 0) {
                q.consume(i);
                final int c = vf * COUNTERS;
                vfCounters[c + C_TRANSMITTED] += i;
                vfCounters[c + C_TRANSMITTED_BYTES] += bytes;
                classTransmitted[clsIndex] += i;
                classBytes[clsIndex] += bytes;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ epochs

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
        final long epoch = openEpoch[vf];
        final long lastEnd = sealedTail[vf] != sealedHead[vf]
                ? sealedEnd[sealedSlot(vf, sealedTail[vf] - 1)] : releasedTo[vf];
        // An epoch without frames needs no record: committing it releases what its predecessor's record does.
        // So records <= buffered frames <= ringSize, and the record ring cannot overflow.
        if (ringTail[vf] > lastEnd) {
            final int s = sealedSlot(vf, sealedTail[vf]);
            sealedEpoch[s] = epoch;
            sealedEnd[s] = ringTail[vf];
            sealedBytes[s] = bytesIn[vf];
            sealedTail[vf]++;
        }
        openEpoch[vf] = epoch + 1;
        highWaterRaised[vf] = false;
        outputPending[vf] = false;
        return epoch;
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
        requireCheckpointing(vf);
        if (epoch >= openEpoch[vf]) {
            throw new IllegalArgumentException("VF " + vf + ": commit of epoch " + epoch
                    + " which is not sealed (open epoch is " + openEpoch[vf] + ")");
        }
        if (!buffering) {
            return 0;
        }
        long end = -1;
        long endBytes = 0;
        while (sealedHead[vf] != sealedTail[vf]) {
            final int s = sealedSlot(vf, sealedHead[vf]);
            if (sealedEpoch[s] > epoch) {
                break;
            }
            end = sealedEnd[s];
            endBytes = sealedBytes[s];
            sealedHead[vf]++;
        }
        return end < 0 ? 0 : releaseTo(vf, end, endBytes);
    }

    private int releaseTo(final int vf, final long end, final long endBytes) {
        final int n = (int) (end - releasedTo[vf]);
        if (n > 0) {
            noteOccupancy(vf);
            enqueue(high, 0, vf, n);
            releasedTo[vf] = end;
            bytesReleased[vf] = endBytes;
            vfCounters[vf * COUNTERS + C_RELEASED] += n;
        }
        return n;
    }

    /**
     * Occupancy only grows between releases, so its high-water mark is taken just before each release or discard
     * and when counters are read, instead of on every buffered frame.
     */
    private void noteOccupancy(final int vf) {
        final int c = vf * COUNTERS;
        vfCounters[c + C_OCC_HIGH_FRAMES] = Math.max(vfCounters[c + C_OCC_HIGH_FRAMES], ringTail[vf] - releasedTo[vf]);
        vfCounters[c + C_OCC_HIGH_BYTES] = Math.max(vfCounters[c + C_OCC_HIGH_BYTES], bytesIn[vf] - bytesReleased[vf]);
    }

    private int sealedSlot(final int vf, final long position) {
        return vf * ringSize + (int) (position & ringMask);
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
            if (!configured[vf]) {
                continue;
            }
            noteOccupancy(vf);
            final long n = ringTail[vf] - ringHead[vf];
            reasonCounters[vf * REASONS + Reason.DISCARDED.ordinal()] += n;
            total += n;
            ringHead[vf] = ringTail[vf];
            releasedTo[vf] = ringTail[vf];
            slabHead[vf] = slabTail[vf];
            bytesReleased[vf] = bytesIn[vf];
            sealedHead[vf] = sealedTail[vf];
            highWaterRaised[vf] = false;
        }
        classDiscarded[0] += high.frames();
        classDiscarded[1] += normal.frames();
        high.clear();
        normal.clear();
        highStreak = 0;
        return total;
    }

    /** Releases every VF in ascending VF order; see {@link #releaseAllAndStopBuffering(int...)}. */
    public long releaseAllAndStopBuffering() {
        final int[] order = new int[countCheckpointing()];
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
                throw new IllegalArgumentException("release order " + java.util.Arrays.toString(vfOrder)
                        + " must name every checkpointing VF exactly once (bad or repeated: " + vf + ")");
            }
            seen[vf] = true;
        }
        if (vfOrder.length != countCheckpointing()) {
            throw new IllegalArgumentException("release order " + java.util.Arrays.toString(vfOrder)
                    + " misses checkpointing VFs (there are " + countCheckpointing() + ")");
        }
        long total = 0;
        for (final int vf : vfOrder) {
            total += releaseTo(vf, ringTail[vf], bytesIn[vf]);
            sealedHead[vf] = sealedTail[vf];
            highWaterRaised[vf] = false;
        }
        buffering = false;
        return total;
    }

    private int countCheckpointing() {
        int n = 0;
        for (int vf = 0; vf < maxVfs; vf++) {
            if (isCheckpointing(vf)) {
                n++;
            }
        }
        return n;
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
        return lastSeq[vf];
    }

    /** The model's {@code epoch[v]}: the VF's open epoch. */
    public long openEpoch(final int vf) {
        requireConfigured(vf);
        return openEpoch[vf];
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
        return (int) (ringTail[vf] - releasedTo[vf]);
    }

    /** Bytes in the VF's epoch buffers. */
    public long bufferedBytes(final int vf) {
        requireConfigured(vf);
        return bytesIn[vf] - bytesReleased[vf];
    }

    /** Frames waiting in either transmit class. */
    public long queuedFrames() {
        return high.frames() + normal.frames();
    }

    /** The model's {@code buf[v]}: the VF's buffered frames, oldest first (empty for an ordinary VF). */
    public List<BufferedFrame> buffered(final int vf) {
        requireConfigured(vf);
        final List<BufferedFrame> out = new ArrayList<>();
        for (long p = releasedTo[vf]; p != ringTail[vf]; p++) {
            final int slot = vf * ringSize + (int) (p & ringMask);
            out.add(new BufferedFrame(descriptors[Descriptor.at(slot, Descriptor.SEQ)],
                    descriptors[Descriptor.at(slot, Descriptor.EPOCH)]));
        }
        return out;
    }

    /** The model's {@code txHigh}, head first. */
    public List<QueuedFrame> txHigh() {
        return view(high);
    }

    /** The model's {@code txNormal}, head first. */
    public List<QueuedFrame> txNormal() {
        return view(normal);
    }

    private List<QueuedFrame> view(final SegmentQueue q) {
        final long[] cursor = ringHead.clone();
        final List<QueuedFrame> out = new ArrayList<>();
        for (final int[] segment : q.snapshot()) {
            final int vf = segment[0];
            for (int i = 0; i < segment[1]; i++) {
                final int slot = vf * ringSize + (int) (cursor[vf]++ & ringMask);
                out.add(new QueuedFrame(vf, descriptors[Descriptor.at(slot, Descriptor.SEQ)]));
            }
        }
        return out;
    }

    /** A snapshot of every counter. */
    public NicCounters counters() {
        final List<VfCounters> vfs = new ArrayList<>();
        for (int vf = 0; vf < maxVfs; vf++) {
            if (!configured[vf]) {
                continue;
            }
            noteOccupancy(vf);
            final int c = vf * COUNTERS;
            final Map<Reason, Long> reasons = new EnumMap<>(Reason.class);
            for (final Reason r : Reason.values()) {
                reasons.put(r, reasonCounters[vf * REASONS + r.ordinal()]);
            }
            vfs.add(new VfCounters(vf, vfCounters[c + C_SUBMITTED], vfCounters[c + C_BUFFERED],
                    vfCounters[c + C_QUEUED_DIRECT], vfCounters[c + C_RELEASED], vfCounters[c + C_TRANSMITTED],
                    vfCounters[c + C_TRANSMITTED_BYTES], lastSeq[vf] - vfCounters[c + C_CONSUMED_BASE],
                    (int) (ringTail[vf] - releasedTo[vf]), bytesIn[vf] - bytesReleased[vf],
                    (int) (releasedTo[vf] - ringHead[vf]),
                    (int) vfCounters[c + C_OCC_HIGH_FRAMES], vfCounters[c + C_OCC_HIGH_BYTES], reasons));
        }
        final Map<Reason, Long> none = new EnumMap<>(Reason.class);
        for (final Reason r : Reason.values()) {
            if (unattributed[r.ordinal()] != 0) {
                none.put(r, unattributed[r.ordinal()]);
            }
        }
        return new NicCounters(vfs, classCounters(TrafficClass.HIGH, 0, high), classCounters(TrafficClass.NORMAL, 1, normal), none);
    }

    private ClassCounters classCounters(final TrafficClass cls, final int i, final SegmentQueue q) {
        return new ClassCounters(cls, classEnqueued[i], classTransmitted[i], classBytes[i], classDiscarded[i], q.frames(),
                classDepthHigh[i]);
    }

    private void requireConfigured(final int vf) {
        if (vf < 0 || vf >= maxVfs || !configured[vf]) {
            throw new IllegalArgumentException("VF " + vf + " is not configured");
        }
    }

    private void requireCheckpointing(final int vf) {
        requireConfigured(vf);
        if (!checkpointing[vf]) {
            throw new IllegalArgumentException("VF " + vf + " is not a checkpointing VF");
        }
    }
}
