package dev.hac.testkit.nic;

import dev.hac.nic.MacAddress;

/** Builds Ethernet frames as bytes for tests, benchmarks and fuzz drivers. */
public final class EthernetFrames {

    /** A destination every test frame goes to. */
    public static final long DESTINATION = 0x02_00_00_00_ff_01L;
    /** A source MAC no VF has. */
    public static final long STRANGER = 0x02_00_00_00_ee_01L;

    private static final int ETHERTYPE_IPV4 = 0x0800;

    private EthernetFrames() {
    }

    /** The MAC tests give VF {@code vf}. */
    public static long macOf(final int vf) {
        return 0x02_00_00_00_00_00L | (vf + 1);
    }

    /**
     * A frame of the given kind and length from {@code sourceMac}. Headers that do not fit in a short (runt)
     * length are cut off; the payload is a pattern derived from {@code stamp} so that corrupted copies show.
     */
    public static byte[] of(final FrameKind kind, final long sourceMac, final int length, final long stamp) {
        final byte[] f = new byte[length];
        final byte[] header = new byte[18];
        MacAddress.write(DESTINATION, header, 0);
        MacAddress.write(kind == FrameKind.SPOOFED ? STRANGER : sourceMac, header, 6);
        int h = 12;
        if (kind == FrameKind.TAGGED || kind == FrameKind.BAD_TAG) {
            final int vid = kind == FrameKind.BAD_TAG ? 0xfff : 42;
            header[h++] = (byte) 0x81;
            header[h++] = 0x00;
            header[h++] = (byte) (vid >> 8);
            header[h++] = (byte) vid;
        }
        final int type = switch (kind) {
            case BAD_ETHERTYPE -> 0x05ff;
            case LENGTH_FIELD -> Math.max(0, Math.min(1500, length - 14));
            default -> ETHERTYPE_IPV4;
        };
        header[h++] = (byte) (type >> 8);
        header[h++] = (byte) type;
        System.arraycopy(header, 0, f, 0, Math.min(h, length));
        fillPayload(f, h, stamp);
        return f;
    }

    /** An untagged IPv4-typed frame of {@code length} bytes from {@code sourceMac}. */
    public static byte[] valid(final long sourceMac, final int length) {
        return of(FrameKind.VALID, sourceMac, length, 0);
    }

    private static void fillPayload(final byte[] f, final int from, final long stamp) {
        long x = stamp * 0x9E3779B97F4A7C15L + 1;
        for (int i = from; i < f.length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            f[i] = (byte) x;
        }
    }
}
