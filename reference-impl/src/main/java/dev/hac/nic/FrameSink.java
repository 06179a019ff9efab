package dev.hac.nic;

/**
 * Receives transmitted frames, one call per frame, in wire order. The bytes are lent, not given:
 * {@code buffer[offset, offset+length)} is valid only during the call (it is the engine's slab), so a sink that
 * keeps them must copy. A sink must not call back into the engine. If a sink throws, the frames it was handed
 * before count as sent and the exception propagates out of {@link NicEngine#transmit(int)}; the engine stays
 * consistent.
 */
@FunctionalInterface
public interface FrameSink {

    /**
     * @param vf     the virtual function the frame was submitted on
     * @param seq    the frame's per-VF sequence number (the model's {@code seq})
     * @param cls    the class it was scheduled from
     * @param buffer the bytes, a whole Ethernet frame without FCS
     * @param offset first byte
     * @param length number of bytes
     */
    void onFrame(int vf, long seq, TrafficClass cls, byte[] buffer, int offset, int length);

    /**
     * The engine's call: {@link #onFrame(int, long, TrafficClass, byte[], int, int)} plus the frame's epoch (0 when
     * it was never buffered) and {@code submittedNanos}, the {@link System#nanoTime()} at submission when
     * {@link #wantsSubmitTimes()}, else 0. Sinks that need neither implement only the short form.
     */
    default void onFrame(final int vf, final long seq, final TrafficClass cls, final long epoch,
                         final long submittedNanos, final byte[] buffer, final int offset, final int length) {
        onFrame(vf, seq, cls, buffer, offset, length);
    }

    /** Whether the engine should read the clock at every submission for this sink (a capture does; a link does not). */
    default boolean wantsSubmitTimes() {
        return false;
    }

    /** Hands every frame to {@code first}, then to {@code second} (a link and a capture). */
    static FrameSink tee(final FrameSink first, final FrameSink second) {
        return new FrameSink() {
            @Override
            public void onFrame(final int vf, final long seq, final TrafficClass cls, final byte[] buffer,
                                final int offset, final int length) {
                onFrame(vf, seq, cls, 0, 0, buffer, offset, length);
            }

            @Override
            public void onFrame(final int vf, final long seq, final TrafficClass cls, final long epoch,
                                final long submittedNanos, final byte[] buffer, final int offset, final int length) {
                first.onFrame(vf, seq, cls, epoch, submittedNanos, buffer, offset, length);
                second.onFrame(vf, seq, cls, epoch, submittedNanos, buffer, offset, length);
            }

            @Override
            public boolean wantsSubmitTimes() {
                return first.wantsSubmitTimes() || second.wantsSubmitTimes();
            }
        };
    }

    /** A sink that discards everything (benchmarks). */
    FrameSink DISCARD = (vf, seq, cls, buffer, offset, length) -> { };
}
