package dev.hac.fuzz;

import com.pholser.junit.quickcheck.generator.GenerationStatus;
import com.pholser.junit.quickcheck.generator.Generator;
import com.pholser.junit.quickcheck.random.SourceOfRandomness;
import dev.hac.testkit.nic.EthernetFrames;

/**
 * Generates {@link FrameCase}s from a byte layout that Zest mutates directly and that a seed file spells out:
 *
 * <pre>
 *  byte 0   flags: bit 0 MTU 9000 (else 1500); bit 1 template mode (else raw bytes)
 *  byte 1   VF selector: 0..4 map to VF -1, 0, 1, 2, 3 (3 is not configured), 5 to Integer.MAX_VALUE (mod 6)
 *  byte 2   bits 0-1 prefill of VF 0; bits 2-4 call shape: 0-4 plain, 5 length one past the array,
 *           6 negative offset, 7 null array; bits 5-7 frames queued on VF 1 beyond the first (7: its ring is full)
 *  byte 3   bits 0-2 junk bytes in front of the frame (offset)
 *  raw:      bytes 4-5 frame length (big-endian, modulo {@link #MAX_LENGTH} + 1), then the frame bytes
 *  template: byte 4 shape ({@link RealFrames.Shape} index mod count), byte 5 mutations n (mod 8), then n times
 *            (u16 position, byte value) written over the template frame, built with the VF's own source MAC
 * </pre>
 *
 * Raw mode makes every seed file a real frame behind a 6-byte header; template mode lets random (unguided) trials
 * reach the interesting verdicts, since random bytes almost never carry the VF's MAC.
 */
public final class FrameCaseGenerator extends Generator<FrameCase> {

    /** Longest frame generated: above the largest MTU the engine allows (9216) plus headers. */
    public static final int MAX_LENGTH = 9300;
    static final int[] VF_BY_SELECTOR = {-1, 0, 1, 2, 3, Integer.MAX_VALUE};
    private static final RealFrames.Shape[] SHAPES = RealFrames.Shape.values();

    public FrameCaseGenerator() {
        super(FrameCase.class);
    }

    @Override
    public FrameCase generate(final SourceOfRandomness r, final GenerationStatus status) {
        final int flags = RawInput.u8(r);
        final int mtu = (flags & 1) != 0 ? 9000 : 1500;
        final int vf = VF_BY_SELECTOR[RawInput.u8(r) % VF_BY_SELECTOR.length];
        final int shapeAndFill = RawInput.u8(r);
        final int prefill = shapeAndFill & 3;
        final int callShape = (shapeAndFill >> 2) & 7;
        final int queued = 1 + (shapeAndFill >> 5);
        final int junk = RawInput.u8(r) & 7;
        final byte[] frame;
        if ((flags & 2) == 0) {
            frame = RawInput.bytes(r, RawInput.u16(r) % (MAX_LENGTH + 1));
        } else {
            frame = RealFrames.of(SHAPES[RawInput.u8(r) % SHAPES.length], EthernetFrames.macOf(Math.max(0, Math.min(vf, 3))));
            final int mutations = RawInput.u8(r) & 7;
            for (int i = 0; i < mutations; i++) {
                final int at = RawInput.u16(r) % frame.length;
                frame[at] = (byte) RawInput.u8(r);
            }
        }
        final byte[] array = new byte[junk + frame.length];
        System.arraycopy(frame, 0, array, junk, frame.length);
        return switch (callShape) {
            case 5 -> new FrameCase(mtu, vf, prefill, queued, array, junk, frame.length + 1);
            case 6 -> new FrameCase(mtu, vf, prefill, queued, array, -1 - junk, frame.length);
            case 7 -> new FrameCase(mtu, vf, prefill, queued, null, junk, frame.length);
            default -> new FrameCase(mtu, vf, prefill, queued, array, junk, frame.length);
        };
    }
}
