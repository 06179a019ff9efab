package dev.hac.nic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.testkit.nic.EthernetFrames;
import dev.hac.testkit.nic.FrameKind;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UdpSinkTest {

    @Test
    void sendsEachTransmittedFrameAsOneDatagramInWireOrder() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             UdpSink udp = new UdpSink(new InetSocketAddress(InetAddress.getLoopbackAddress(), receiver.getLocalPort()), 1518)) {
            receiver.setSoTimeout(5000);
            final NicEngine e = new NicEngine(NicConfig.defaults(), udp);
            e.configure(VfConfig.checkpointing(0, EthernetFrames.macOf(0), 100, 1 << 20, OverflowPolicy.BACKPRESSURE));
            final byte[][] frames = new byte[5][];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = EthernetFrames.of(FrameKind.VALID, EthernetFrames.macOf(0), 64 + 100 * i, i);
                e.submit(0, frames[i], 0, frames[i].length);
            }
            e.commit(0, e.seal(0));
            e.transmit(10);
            assertThat(udp.sent()).isEqualTo(5);
            final byte[] buffer = new byte[2048];
            for (final byte[] f : frames) {
                final DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                receiver.receive(p);
                assertThat(Arrays.copyOf(p.getData(), p.getLength())).isEqualTo(f);
            }
        }
    }

    @Test
    void countsFramesLongerThanItsDatagramBufferInsteadOfThrowing() throws Exception {
        try (UdpSink udp = new UdpSink(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9), 100)) {
            udp.onFrame(0, 1, TrafficClass.HIGH, new byte[200], 0, 200);
            assertThat(udp.failed()).isEqualTo(1);
            assertThat(udp.sent()).isZero();
        }
    }
}
