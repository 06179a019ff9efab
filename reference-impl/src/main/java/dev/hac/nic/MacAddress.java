package dev.hac.nic;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** 48-bit MAC addresses held in the low bits of a {@code long}, so the hot path compares numbers, not arrays. */
public final class MacAddress {

    private static final VarHandle BIG_ENDIAN_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BIG_ENDIAN_SHORT =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    private MacAddress() {
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (or with '-'); throws IllegalArgumentException naming the text. */
    public static long parse(final String text) {
        final String[] parts = text.trim().split("[:-]");
        if (parts.length != 6) {
            throw new IllegalArgumentException("MAC '" + text + "' must have six hex octets like 02:00:00:00:00:01");
        }
        long mac = 0;
        for (final String p : parts) {
            if (p.length() != 2) {
                throw new IllegalArgumentException("MAC '" + text + "': octet '" + p + "' is not two hex digits");
            }
            try {
                mac = (mac << 8) | Integer.parseInt(p, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("MAC '" + text + "': octet '" + p + "' is not hex", e);
            }
        }
        return mac;
    }

    /** Formats as {@code aa:bb:cc:dd:ee:ff}. */
    public static String format(final long mac) {
        final StringBuilder sb = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            final int octet = (int) (mac >>> (8 * i)) & 0xff;
            sb.append(Character.forDigit(octet >> 4, 16)).append(Character.forDigit(octet & 0xf, 16));
            if (i > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    /** Reads six bytes at {@code offset} (network order), as one 4-byte and one 2-byte load. */
    public static long read(final byte[] b, final int offset) {
        return (((int) BIG_ENDIAN_INT.get(b, offset) & 0xffff_ffffL) << 16)
                | ((short) BIG_ENDIAN_SHORT.get(b, offset + 4) & 0xffff);
    }

    /** Writes six bytes at {@code offset} (network order). */
    public static void write(final long mac, final byte[] b, final int offset) {
        for (int i = 0; i < 6; i++) {
            b[offset + i] = (byte) (mac >>> (8 * (5 - i)));
        }
    }

    /** True for a usable VF source address: within 48 bits, not zero, not a group (multicast/broadcast) address. */
    public static boolean isUnicast(final long mac) {
        return mac > 0 && (mac >>> 48) == 0 && ((mac >>> 40) & 1) == 0;
    }
}
