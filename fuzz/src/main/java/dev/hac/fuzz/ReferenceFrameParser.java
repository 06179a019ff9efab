package dev.hac.fuzz;

import dev.hac.nic.SubmitStatus;

/**
 * An independent, deliberately plain reading of the frame rules the engine documents ({@code SubmitStatus},
 * {@code FrameClassifier}): it parses the header into fields first and judges afterwards, in the order the
 * status codes are documented, instead of sharing the engine's offsets and branch structure. The {@code frame}
 * target checks that the engine's verdict is always this one.
 */
public final class ReferenceFrameParser {

    static final int MIN_FRAME = 60;
    static final int MAX_8023_LENGTH = 1500;
    static final int FIRST_ETHERTYPE = 0x0600;
    static final int C_TAG = 0x8100;
    static final int S_TAG = 0x88a8;
    static final int RESERVED_VLAN = 4095;

    private ReferenceFrameParser() {
    }

    /** The refusal a VF with source MAC {@code vfMac} gets for these bytes, or 0 when the frame is acceptable. */
    public static int refusal(final byte[] array, final int offset, final int length, final int mtu, final long vfMac) {
        if (array == null || offset < 0 || length < 0 || (long) offset + length > array.length) {
            return SubmitStatus.REFUSED_BAD_BOUNDS;
        }
        if (length < MIN_FRAME) {
            return SubmitStatus.REFUSED_RUNT;
        }
        final long source = field(array, offset + 6, 6);
        final int outerType = (int) field(array, offset + 12, 2);
        final boolean tagged = outerType == C_TAG || outerType == S_TAG;
        final int headerLength = tagged ? 18 : 14;
        if (length > mtu + headerLength) {
            return SubmitStatus.REFUSED_OVERSIZE;
        }
        final int type;
        if (tagged) {
            final int vlan = (int) field(array, offset + 14, 2) & 0x0fff;
            type = (int) field(array, offset + 16, 2);
            final boolean stacked = type == C_TAG || type == S_TAG;
            if (outerType == S_TAG || vlan == RESERVED_VLAN || stacked) {
                return SubmitStatus.REFUSED_BAD_TAG;
            }
        } else {
            type = outerType;
        }
        final boolean isLength = type <= MAX_8023_LENGTH;
        final boolean isType = type >= FIRST_ETHERTYPE;
        if (!isLength && !isType || isLength && type > length - headerLength) {
            return SubmitStatus.REFUSED_BAD_ETHERTYPE;
        }
        if (source != vfMac) {
            return SubmitStatus.REFUSED_SPOOFED;
        }
        return 0;
    }

    private static long field(final byte[] a, final int at, final int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = v << 8 | (a[at + i] & 0xff);
        }
        return v;
    }
}
