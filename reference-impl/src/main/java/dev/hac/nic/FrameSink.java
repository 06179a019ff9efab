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

    /** A sink that discards everything (benchmarks). */
    FrameSink DISCARD = (vf, seq, cls, buffer, offset, length) -> { };
}
