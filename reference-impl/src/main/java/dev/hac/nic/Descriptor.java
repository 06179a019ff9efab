package dev.hac.nic;

/**
 * Layout of a frame descriptor in the engine's {@code long[]} descriptor array: {@link #WORDS} longs per
 * descriptor, a power of two so that an index is a shift. VF {@code v}'s ring occupies descriptors
 * {@code [v * ringSize, (v+1) * ringSize)}; ring position {@code p} (a monotonically increasing counter) lives at
 * {@code v * ringSize + (p & (ringSize - 1))}. The submit time a capture asks for is not a word here but in
 * {@link FrameStore}'s parallel array, touched only when capturing: with four words two descriptors share a
 * cache line (eight, for a fifth word, took a line each), and the path without a capture neither stores nor
 * loads the stamp.
 */
final class Descriptor {

    /** Longs per descriptor. */
    static final int WORDS = 4;
    /** log2(WORDS). */
    static final int SHIFT = 2;
    /** The frame's per-VF sequence number. */
    static final int SEQ = 0;
    /** The epoch the frame was emitted in (0 for frames that were never buffered). */
    static final int EPOCH = 1;
    /** Slab counter just past the frame's last byte; the first byte is at {@code END - LENGTH}. */
    static final int SLAB_END = 2;
    /** Frame length in bytes. */
    static final int LENGTH = 3;

    private Descriptor() {
    }

    /** Index in the descriptor array of word {@code field} of the descriptor at ring slot {@code slot}. */
    static int at(final int slot, final int field) {
        return (slot << SHIFT) + field;
    }
}
