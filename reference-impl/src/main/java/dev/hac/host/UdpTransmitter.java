package dev.hac.host;

import dev.hac.nic.FrameSink;
import dev.hac.nic.TrafficClass;
import dev.hac.wire.UdpFrame;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The live host's link: every frame the NIC engine transmits leaves as a real UDP
 * datagram (its UDP payload, to its IPv4 destination), sent from the socket of
 * the VM whose VF sent it, so clients see answers from the service's own port.
 * Frames that are not IPv4/UDP are counted and not sent.
 */
public final class UdpTransmitter implements FrameSink {

    /** Called for every frame that reached the wire (for the event log and statistics). */
    @FunctionalInterface
    public interface WireListener {
        void sent(int vf, long seq);
    }

    private final DatagramChannel[] byVf;
    private final DatagramChannel unbound;
    private WireListener listener = (vf, seq) -> { };
    private long sent;
    private long failed;

    public UdpTransmitter(final int maxVfs) throws IOException {
        this.byVf = new DatagramChannel[maxVfs];
        this.unbound = DatagramChannel.open();
    }

    /** Frames of {@code vf} leave through {@code channel} (the VM's bound service socket). */
    public void attach(final int vf, final DatagramChannel channel) {
        byVf[vf] = channel;
    }

    public void listen(final WireListener l) {
        this.listener = l;
    }

    @Override
    public void onFrame(final int vf, final long seq, final TrafficClass cls, final byte[] buffer, final int offset,
                        final int length) {
        listener.sent(vf, seq);
        if (!UdpFrame.isUdp(buffer, offset, length)) {
            failed++; // no datagram socket can carry it: lost at the link, like an unreachable receiver's
            return;
        }
        final int ip = UdpFrame.dstIp(buffer, offset);
        final int port = UdpFrame.dstPort(buffer, offset);
        final DatagramChannel channel = byVf[vf] != null ? byVf[vf] : unbound;
        try {
            final InetAddress address = InetAddress.getByAddress(new byte[] {
                    (byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip});
            channel.send(ByteBuffer.wrap(buffer, offset + UdpFrame.PAYLOAD_AT, UdpFrame.payloadLength(buffer, offset)),
                    new InetSocketAddress(address, port));
            sent++;
        } catch (IOException e) {
            // Like a real link: the frame left the NIC; an unreachable receiver loses it.
            failed++;
        }
    }

    public long sent() {
        return sent;
    }

    /** Frames that left the NIC but reached no receiver: not UDP, or the send failed. */
    public long failed() {
        return failed;
    }
}
