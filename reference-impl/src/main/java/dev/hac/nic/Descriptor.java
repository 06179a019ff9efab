package dev.hac.nic;

/**
 * Layout of a frame descriptor in the engine's {@code long[]} descriptor array: {@link #WORDS} longs per
 * descriptor, a power of two so that an index is a shift. VF {@code v}'s ring occupies descriptors
 * {@code [v * ringSize, (v+1) * ringSize)}; ring position {@code p} (a monotonically increasing counter) lives at
 * {@code v * ringSize + (p & (ringSize - 1))}.
 */
final class Descriptor {

    /** Longs per descriptor. */
    static final int WORDS = 8;
    /** log2(WORDS). */
    static final int SHIFT = 3;
    /** The frame's per-VF sequence number. */
    static final int SEQ = 0;
    /** The epoch the frame was emitted in (0 for frames that were never buffered). */
    static final int EPOCH = 1;
    /** Slab counter just past the frame's last byte; the first byte is at {@code END - LENGTH}. */
    static final int SLAB_END = 2;
    /** Frame length in bytes. */
    static final int LENGTH = 3;
    /** {@link System#nanoTime()} at submission, when the sink asked for it (a capture), else 0. Words 5..7 unused. */
    static final int SUBMITTED = 4;

    private Descriptor() {
    }

    /** Index in the descriptor array of word {@code field} of the descriptor at ring slot {@code slot}. */
    static int at(final int slot, final int field) {
        return (slot << SHIFT) + field;
    }
}
