package dev.hac.fuzz;

import com.pholser.junit.quickcheck.random.SourceOfRandomness;

/**
 * Reading a generator's input byte for byte, so that seed files can spell inputs out. Under Zest (and JQF's
 * repro guidance) {@code nextByte(MIN, MAX)} consumes exactly one input byte and {@code nextBytes(4k)} exactly
 * {@code 4k} bytes, in order; unguided runs get random bytes either way.
 */
final class RawInput {

    private RawInput() {
    }

    /** One input byte, 0..255. */
    static int u8(final SourceOfRandomness r) {
        return r.nextByte(Byte.MIN_VALUE, Byte.MAX_VALUE) & 0xff;
    }

    /** Two input bytes, big-endian. */
    static int u16(final SourceOfRandomness r) {
        return u8(r) << 8 | u8(r);
    }

    /** The next {@code n} input bytes: whole 4-byte words in bulk (fast), the rest one by one (exact). */
    static byte[] bytes(final SourceOfRandomness r, final int n) {
        final int bulk = n & ~3;
        final byte[] out = new byte[n];
        if (bulk > 0) {
            System.arraycopy(r.nextBytes(bulk), 0, out, 0, bulk);
        }
        for (int i = bulk; i < n; i++) {
            out[i] = (byte) u8(r);
        }
        return out;
    }
}
