package dev.hac.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The guests' frames, read back by an independent parser (a ByteBuffer and RFC 791/768 by the letter). */
class UdpFrameTest {
    private static final long SRC_MAC = 0x02_48_41_43_00_01L;
    private static final int SRC_IP = 0x0A_00_00_02;   // 10.0.0.2
    private static final int DST_IP = 0xC0_A8_01_FE;   // 192.168.1.254: the high bit must survive
    private static final byte[] PAYLOAD = "a payload long enough to need no padding".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static long mac(final ByteBuffer b, final int at) {
        return (b.getShort(at) & 0xFFFFL) << 32 | (b.getInt(at + 2) & 0xFFFF_FFFFL);
    }

    /** The one's-complement sum of the IPv4 header including its checksum field: 0xFFFF when the checksum is right. */
    private static int headerSum(final byte[] f) {
        long sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((f[14 + i] & 0xFF) << 8) | (f[14 + i + 1] & 0xFF);
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) sum;
    }

    @Test
    void aWrittenFrameIsAnIpv4UdpPacketWithAValidHeaderChecksum() {
        final byte[] f = new byte[1514];
        Arrays.fill(f, (byte) 0x55); // whatever was in the buffer before must not leak into the frame
        final int length = UdpFrame.write(f, SRC_MAC, SRC_IP, 40001, DST_IP, 65535, PAYLOAD, 0, PAYLOAD.length);
        final ByteBuffer b = ByteBuffer.wrap(f);
        assertThat(length).isEqualTo(14 + 20 + 8 + PAYLOAD.length);
        assertThat(mac(b, 0)).isEqualTo(UdpFrame.GATEWAY_MAC);
        assertThat(mac(b, 6)).isEqualTo(SRC_MAC);
        assertThat(b.getShort(12) & 0xFFFF).isEqualTo(0x0800);
        assertThat(f[14]).isEqualTo((byte) 0x45);
        assertThat(b.getShort(16) & 0xFFFF).as("IP total length").isEqualTo(20 + 8 + PAYLOAD.length);
        assertThat(b.getShort(18)).as("identification").isZero();
        assertThat(b.getShort(20) & 0xFFFF).as("flags: don't fragment").isEqualTo(0x4000);
        assertThat(f[22]).as("TTL").isEqualTo((byte) 64);
        assertThat(f[23]).as("protocol").isEqualTo((byte) 17);
        assertThat(headerSum(f)).as("header checksum").isEqualTo(0xFFFF);
        assertThat(b.getInt(26)).isEqualTo(SRC_IP);
        assertThat(b.getInt(30)).isEqualTo(DST_IP);
        assertThat(b.getShort(34) & 0xFFFF).isEqualTo(40001);
        assertThat(b.getShort(36) & 0xFFFF).isEqualTo(65535);
        assertThat(b.getShort(38) & 0xFFFF).as("UDP length").isEqualTo(8 + PAYLOAD.length);
        assertThat(b.getShort(40)).as("no UDP checksum").isZero();
        assertThat(Arrays.copyOfRange(f, 42, 42 + PAYLOAD.length)).isEqualTo(PAYLOAD);
        assertThat(UdpFrame.isUdp(f, 0, length)).isTrue();
        assertThat(UdpFrame.dstIp(f, 0)).isEqualTo(DST_IP);
        assertThat(UdpFrame.dstPort(f, 0)).isEqualTo(65535);
        assertThat(UdpFrame.payloadLength(f, 0)).isEqualTo(PAYLOAD.length);
    }

    @Test
    void aShortFrameIsPaddedWithZerosToTheEthernetMinimum() {
        final byte[] f = new byte[64];
        Arrays.fill(f, (byte) 0x55);
        final int length = UdpFrame.write(f, SRC_MAC, SRC_IP, 1, DST_IP, 2, PAYLOAD, 0, 0);
        assertThat(length).isEqualTo(UdpFrame.MIN_FRAME);
        assertThat(Arrays.copyOfRange(f, 42, 60)).containsOnly(0);
        assertThat(headerSum(f)).isEqualTo(0xFFFF);
        assertThat(UdpFrame.isUdp(f, 0, length)).isTrue();
        assertThat(UdpFrame.isUdp(f, 0, UdpFrame.PAYLOAD_AT)).as("an empty datagram, unpadded").isTrue();
        assertThat(UdpFrame.payloadLength(f, 0)).isZero();
    }

    @Test
    void aFrameMustFitTheBufferExactlyOrIsRefused() {
        final int needed = 42 + PAYLOAD.length;
        assertThat(UdpFrame.write(new byte[needed], SRC_MAC, SRC_IP, 1, DST_IP, 2, PAYLOAD, 0, PAYLOAD.length))
                .isEqualTo(needed);
        assertThatThrownBy(() -> UdpFrame.write(new byte[needed - 1], SRC_MAC, SRC_IP, 1, DST_IP, 2, PAYLOAD, 0,
                PAYLOAD.length)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    }

    @Test
    void whatIsNotAConsistentIpv4UdpFrameIsNotTakenForOne() {
        final byte[] f = new byte[128];
        final int length = UdpFrame.write(f, SRC_MAC, SRC_IP, 1, DST_IP, 2, PAYLOAD, 0, PAYLOAD.length);
        assertThat(UdpFrame.isUdp(f, 0, UdpFrame.PAYLOAD_AT - 1)).as("shorter than the headers").isFalse();
        assertThat(UdpFrame.isUdp(f, 0, length - 1)).as("datagram runs past the frame").isFalse();
        final int[][] edits = {{12, 0x86}, {14, 0x46}, {23, 6}};   // EtherType IPv6, IHL 6, TCP
        for (final int[] e : edits) {
            final byte[] g = f.clone();
            g[e[0]] = (byte) e[1];
            assertThat(UdpFrame.isUdp(g, 0, length)).as("byte " + e[0]).isFalse();
        }
        final byte[] tinyUdp = f.clone();
        ByteBuffer.wrap(tinyUdp).putShort(38, (short) 7).putShort(16, (short) 27);
        assertThat(UdpFrame.isUdp(tinyUdp, 0, length)).as("UDP length below its header").isFalse();
        final byte[] ipDisagrees = f.clone();
        ByteBuffer.wrap(ipDisagrees).putShort(16, (short) (20 + 8 + PAYLOAD.length + 1));
        assertThat(UdpFrame.isUdp(ipDisagrees, 0, length)).as("IP and UDP lengths disagree").isFalse();
        final byte[] carried = new byte[length + 5];
        System.arraycopy(f, 0, carried, 5, length);
        assertThat(UdpFrame.isUdp(carried, 5, length)).as("at an offset").isTrue();
        assertThat(UdpFrame.dstIp(carried, 5)).isEqualTo(DST_IP);
    }
}
