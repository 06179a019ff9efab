package dev.hac.fuzz;

import dev.hac.nic.MacAddress;
import java.nio.ByteBuffer;

/**
 * Real-world Ethernet frame shapes (without FCS) for the {@code frame} target's templates and seed corpus: the
 * headers carry plausible field values so that mutations start from what a guest actually sends.
 */
public final class RealFrames {

    /** The frame shapes, in template-id order. */
    public enum Shape {
        ARP_REQUEST, IPV4_UDP, IPV6_TCP, VLAN_TAGGED_IPV4, JUMBO_IPV4_UDP, LLC_8023
    }

    static final long BROADCAST = 0xff_ff_ff_ff_ff_ffL;
    static final long GATEWAY = 0x02_00_00_00_ff_01L;

    private RealFrames() {
    }

    /** A frame of {@code shape} from {@code source}, padded to the 60-byte minimum. */
    public static byte[] of(final Shape shape, final long source) {
        return switch (shape) {
            case ARP_REQUEST -> arp(source);
            case IPV4_UDP -> ipv4Udp(source, -1, 64);
            case IPV6_TCP -> ipv6Tcp(source);
            case VLAN_TAGGED_IPV4 -> ipv4Udp(source, 42, 100);
            case JUMBO_IPV4_UDP -> ipv4Udp(source, -1, 8972);
            case LLC_8023 -> llc(source);
        };
    }

    private static ByteBuffer ethernet(final int payload, final long dst, final long src, final int vid, final int type) {
        final int header = vid < 0 ? 14 : 18;
        final ByteBuffer b = ByteBuffer.allocate(Math.max(60, header + payload));
        final byte[] mac = new byte[6];
        MacAddress.write(dst, mac, 0);
        b.put(mac);
        MacAddress.write(src, mac, 0);
        b.put(mac);
        if (vid >= 0) {
            b.putShort((short) 0x8100).putShort((short) vid);
        }
        b.putShort((short) type);
        return b;
    }

    private static byte[] arp(final long src) {
        final ByteBuffer b = ethernet(28, BROADCAST, src, -1, 0x0806);
        b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
        final byte[] mac = new byte[6];
        MacAddress.write(src, mac, 0);
        b.put(mac).putInt(0x0a_00_00_01).put(new byte[6]).putInt(0x0a_00_00_02);
        return b.array();
    }

    private static byte[] ipv4Udp(final long src, final int vid, final int udpPayload) {
        final int ipLength = 20 + 8 + udpPayload;
        final ByteBuffer b = ethernet(ipLength, GATEWAY, src, vid, 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) 0x1234).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 17).putShort((short) 0).putInt(0x0a_00_00_01).putInt(0x0a_00_00_02);
        b.putShort((short) 40_000).putShort((short) 7000).putShort((short) (8 + udpPayload)).putShort((short) 0);
        for (int i = 0; i < udpPayload; i++) {
            b.put((byte) ('a' + i % 26));
        }
        return b.array();
    }

    private static byte[] ipv6Tcp(final long src) {
        final ByteBuffer b = ethernet(40 + 20, GATEWAY, src, -1, 0x86dd);
        b.putInt(0x6000_0000).putShort((short) 20).put((byte) 6).put((byte) 64);
        b.putLong(0xfd00_0000_0000_0000L).putLong(1).putLong(0xfd00_0000_0000_0000L).putLong(2);
        // SYN from port 40000 to 80, window 64240, no options.
        b.putShort((short) 40_000).putShort((short) 80).putInt(1).putInt(0).putShort((short) 0x5002)
                .putShort((short) 64_240).putShort((short) 0).putShort((short) 0);
        return b.array();
    }

    private static byte[] llc(final long src) {
        // 802.3 with an LLC header (STP BPDU-like): the type field is the payload length, padding follows.
        final ByteBuffer b = ethernet(38, 0x01_80_c2_00_00_00L, src, -1, 38);
        b.put((byte) 0x42).put((byte) 0x42).put((byte) 0x03);
        return b.array();
    }
}
