package dev.hac.fuzz;

import java.util.HexFormat;

/**
 * One input of the {@code frame} target: an engine MTU, the VF that submits, how full the checkpointing VF's
 * buffer already is, and the submit call's arguments exactly as given ({@code array} may be null and
 * {@code offset}/{@code length} may lie outside it).
 *
 * @param mtu      engine MTU
 * @param vf       submitting VF (see {@link FrameOracle} for the engine's VF layout)
 * @param prefill  frames already buffered on VF 0 before the submit (its limit is {@link FrameOracle#VF0_CAP})
 * @param queued   frames already queued on VF 1 before the submit, 1..{@link FrameOracle#RING} (a full ring)
 * @param array    the caller's array
 * @param offset   first byte of the frame in {@code array}
 * @param length   frame length
 */
public record FrameCase(int mtu, int vf, int prefill, int queued, byte[] array, int offset, int length) {

    @Override
    public String toString() {
        final String bytes = array == null ? "null"
                : HexFormat.of().formatHex(array, 0, Math.min(array.length, 64)) + (array.length > 64 ? "..." : "");
        return "FrameCase[mtu=" + mtu + ", vf=" + vf + ", prefill=" + prefill + ", queued=" + queued + ", offset=" + offset
                + ", length=" + length + ", array(" + (array == null ? 0 : array.length) + ")=" + bytes + "]";
    }
}
