package dev.hac.wire;

/**
 * The Ethernet/IPv4/UDP frames guest VMs hand to their VF, and how the host's
 * transmitter reads them back to send the payload to a real UDP socket.
 *
 * <pre>
 *  0  dst MAC (6)   6  src MAC (6)   12 EtherType 0x0800
 *  14 IPv4 header, 20 bytes, no options, header checksum filled in
 *  34 UDP header: src port, dst port, length, checksum 0 (optional in IPv4)
 *  42 payload; the frame is padded to the 60-byte Ethernet minimum
 * </pre>
 */
public final class UdpFrame {
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int IP_AT = 14;
    public static final int UDP_AT = 34;
    public static final int PAYLOAD_AT = 42;
    public static final int MIN_FRAME = 60;
    /** Gateway MAC all guest frames are addressed to (a locally administered unicast). */
    public static final long GATEWAY_MAC = 0x02_48_41_43_00_FEL;

    private UdpFrame() {
    }

    /**
     * Writes a frame into {@code out} at 0 and returns its length.
     * IPv4 addresses are ints in network order ({@code 0x7F000001} is 127.0.0.1).
     */
    public static int write(final byte[] out, final long srcMac, final int srcIp, final int srcPort,
                            final int dstIp, final int dstPort, final byte[] payload, final int payloadOffset,
                            final int payloadLength) {
        final int udpLength = 8 + payloadLength;
        final int ipLength = 20 + udpLength;
        final int frameLength = Math.max(MIN_FRAME, IP_AT + ipLength);
        if (frameLength > out.length) {
            throw new IllegalArgumentException("frame of " + frameLength + " bytes does not fit " + out.length);
        }
        putMac(out, 0, GATEWAY_MAC);
        putMac(out, 6, srcMac);
        put16(out, 12, ETHERTYPE_IPV4);
        out[IP_AT] = 0x45;
        out[IP_AT + 1] = 0;
        put16(out, IP_AT + 2, ipLength);
        put16(out, IP_AT + 4, 0);
        put16(out, IP_AT + 6, 0x4000); // don't fragment
        out[IP_AT + 8] = 64;
        out[IP_AT + 9] = 17;
        put16(out, IP_AT + 10, 0);
        put32(out, IP_AT + 12, srcIp);
        put32(out, IP_AT + 16, dstIp);
        put16(out, IP_AT + 10, ipChecksum(out, IP_AT));
        put16(out, UDP_AT, srcPort);
        put16(out, UDP_AT + 2, dstPort);
        put16(out, UDP_AT + 4, udpLength);
        put16(out, UDP_AT + 6, 0);
        System.arraycopy(payload, payloadOffset, out, PAYLOAD_AT, payloadLength);
        for (int i = PAYLOAD_AT + payloadLength; i < frameLength; i++) {
            out[i] = 0;
        }
        return frameLength;
    }

    /** True when {@code frame[offset, offset+length)} is an IPv4/UDP frame whose lengths agree. */
    public static boolean isUdp(final byte[] frame, final int offset, final int length) {
        if (length < PAYLOAD_AT || get16(frame, offset + 12) != ETHERTYPE_IPV4
                || frame[offset + IP_AT] != 0x45 || frame[offset + IP_AT + 9] != 17) {
            return false;
        }
        final int udpLength = get16(frame, offset + UDP_AT + 4);
        return udpLength >= 8 && UDP_AT + udpLength <= length && get16(frame, offset + IP_AT + 2) == 20 + udpLength;
    }

    public static int dstIp(final byte[] frame, final int offset) {
        return get32(frame, offset + IP_AT + 16);
    }

    public static int dstPort(final byte[] frame, final int offset) {
        return get16(frame, offset + UDP_AT + 2);
    }

    public static int payloadLength(final byte[] frame, final int offset) {
        return get16(frame, offset + UDP_AT + 4) - 8;
    }

    static int ipChecksum(final byte[] b, final int at) {
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += get16(b, at + i);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    private static void putMac(final byte[] b, final int at, final long mac) {
        for (int i = 0; i < 6; i++) {
            b[at + i] = (byte) (mac >>> (8 * (5 - i)));
        }
    }

    private static void put16(final byte[] b, final int at, final int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void put32(final byte[] b, final int at, final int v) {
        put16(b, at, v >>> 16);
        put16(b, at + 2, v);
    }

    private static int get16(final byte[] b, final int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static int get32(final byte[] b, final int at) {
        return get16(b, at) << 16 | get16(b, at + 2);
    }
}
