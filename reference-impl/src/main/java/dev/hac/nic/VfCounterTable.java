package dev.hac.nic;

import java.util.EnumMap;
import java.util.Map;

/**
 * The per-VF counters of the engine as one flat {@code long[]} (VF {@code v}'s slot {@code s} at
 * {@code v * SLOTS + s}) plus one per reason, and the refusals no VF can be charged with; {@link #snapshot} turns
 * them into {@link VfCounters}.
 */
final class VfCounterTable {

    static final int SUBMITTED = 0;
    static final int BUFFERED = 1;
    static final int QUEUED_DIRECT = 2;
    static final int RELEASED = 3;
    static final int TRANSMITTED = 4;
    static final int TRANSMITTED_BYTES = 5;
    private static final int OCC_HIGH_FRAMES = 6;
    private static final int OCC_HIGH_BYTES = 7;
    /** lastSeq minus the numbers consumed; moves with {@link #sequenceJump}. */
    private static final int CONSUMED_BASE = 8;
    private static final int SLOTS = 9;
    private static final int REASONS = Reason.values().length;

    private final long[] slots;
    private final long[] reasons;
    private final long[] unattributed = new long[REASONS];

    VfCounterTable(final int maxVfs) {
        this.slots = new long[maxVfs * SLOTS];
        this.reasons = new long[maxVfs * REASONS];
    }

    void add(final int vf, final int slot, final long n) {
        slots[vf * SLOTS + slot] += n;
    }

    void count(final int vf, final Reason reason, final long n) {
        reasons[vf * REASONS + reason.ordinal()] += n;
    }

    /** A refusal the engine cannot charge to a VF (there is none of that number). */
    void unattributed(final Reason reason) {
        unattributed[reason.ordinal()]++;
    }

    /**
     * Occupancy only grows between releases, so the engine takes its high-water mark just before each release or
     * discard and when counters are read, instead of on every buffered frame.
     */
    void noteOccupancy(final int vf, final long frames, final long bytes) {
        final int c = vf * SLOTS;
        slots[c + OCC_HIGH_FRAMES] = Math.max(slots[c + OCC_HIGH_FRAMES], frames);
        slots[c + OCC_HIGH_BYTES] = Math.max(slots[c + OCC_HIGH_BYTES], bytes);
    }

    /** The VF's last sequence number jumps from {@code from} to {@code to}: the consumed count runs on across it. */
    void sequenceJump(final int vf, final long from, final long to) {
        final int base = vf * SLOTS + CONSUMED_BASE;
        slots[base] = to - (from - slots[base]);
    }

    VfCounters snapshot(final int vf, final FrameStore store) {
        final int c = vf * SLOTS;
        final Map<Reason, Long> byReason = new EnumMap<>(Reason.class);
        for (final Reason r : Reason.values()) {
            byReason.put(r, reasons[vf * REASONS + r.ordinal()]);
        }
        return new VfCounters(vf, slots[c + SUBMITTED], slots[c + BUFFERED], slots[c + QUEUED_DIRECT],
                slots[c + RELEASED], slots[c + TRANSMITTED], slots[c + TRANSMITTED_BYTES],
                store.lastSeq[vf] - slots[c + CONSUMED_BASE], store.bufferedFrames(vf), store.bufferedBytes(vf),
                store.queuedFrames(vf), (int) slots[c + OCC_HIGH_FRAMES], slots[c + OCC_HIGH_BYTES], byReason);
    }

    /** The refusals charged to no VF, only the reasons that occurred. */
    Map<Reason, Long> unattributed() {
        final Map<Reason, Long> out = new EnumMap<>(Reason.class);
        for (final Reason r : Reason.values()) {
            if (unattributed[r.ordinal()] != 0) {
                out.put(r, unattributed[r.ordinal()]);
            }
        }
        return out;
    }
}
