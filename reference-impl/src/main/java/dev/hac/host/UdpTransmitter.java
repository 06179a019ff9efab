package dev.hac.host;

import dev.hac.nic.FrameSink;
import dev.hac.nic.TrafficClass;
import dev.hac.wire.UdpFrame;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The live host's link: every frame the NIC engine transmits leaves as a real UDP
 * datagram (its UDP payload, to its IPv4 destination), sent from the socket of
 * the VM whose VF sent it, so clients see answers from the service's own port.
 * Frames that are not IPv4/UDP are counted and not sent.
 *
 * <p>The engine checks the primary's lease just before it calls {@link #onFrame}, so everything here up to the
 * send system call is part of the window a pause must not outlast (docs/DESIGN.md §8): it only reads header
 * fields, finds the destination in a small cache (an address is built once per client, not per frame) and
 * points a reused buffer at the engine's slab; nothing blocks and nothing allocates per frame. The wire listener
 * (the event log) runs after the send.
 */
public final class UdpTransmitter implements FrameSink {

    /** Called for every frame that reached the wire (for the event log and statistics). */
    @FunctionalInterface
    public interface WireListener {
        void sent(int vf, long seq);
    }

    /** Destinations remembered, direct-mapped by IPv4 address and port; a power of two. */
    private static final int DESTINATIONS = 256;

    private final DatagramChannel[] byVf;
    private final DatagramChannel unbound;
    private final long[] destinationKeys = new long[DESTINATIONS];
    private final InetSocketAddress[] destinations = new InetSocketAddress[DESTINATIONS];
    private byte[] wrapped;
    private ByteBuffer payload;
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
        if (UdpFrame.isUdp(buffer, offset, length)) {
            send(byVf[vf] != null ? byVf[vf] : unbound,
                    destination(UdpFrame.dstIp(buffer, offset), UdpFrame.dstPort(buffer, offset)),
                    buffer, offset + UdpFrame.PAYLOAD_AT, UdpFrame.payloadLength(buffer, offset));
        } else {
            failed++; // no datagram socket can carry it: lost at the link, like an unreachable receiver's
        }
        listener.sent(vf, seq);
    }

    private void send(final DatagramChannel channel, final InetSocketAddress to, final byte[] buffer, final int from,
                      final int length) {
        if (buffer != wrapped) { // the engine lends frames from one slab: wrapped once
            wrapped = buffer;
            payload = ByteBuffer.wrap(buffer);
        }
        payload.limit(from + length).position(from);
        try {
            channel.send(payload, to);
            sent++;
        } catch (IOException e) {
            // Like a real link: the frame left the NIC; an unreachable receiver loses it.
            failed++;
        }
    }

    private InetSocketAddress destination(final int ip, final int port) {
        final long key = 1L << 48 | (ip & 0xFFFF_FFFFL) << 16 | port; // bit 48: never the empty slot's 0
        final int slot = (int) ((key ^ key >>> 17 ^ key >>> 31) & (DESTINATIONS - 1));
        if (destinationKeys[slot] != key) {
            destinations[slot] = new InetSocketAddress(addressOf(ip), port);
            destinationKeys[slot] = key;
        }
        return destinations[slot];
    }

    private static InetAddress addressOf(final int ip) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
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
