package dev.hac.nic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Sends each transmitted frame as one UDP datagram whose payload is the whole Ethernet frame (an "Ethernet over
 * UDP" tap), to a fixed address, through one connected channel and one reused direct buffer (no allocation per
 * frame). The receiver sees frames in wire order; loss is the network's, as for a real link.
 */
public final class UdpSink implements FrameSink, AutoCloseable {

    private final DatagramChannel channel;
    private final ByteBuffer datagram;
    private long sent;
    private long failed;

    /** Connects to {@code target}; frames up to {@code maxFrameLength} bytes. */
    public UdpSink(final InetSocketAddress target, final int maxFrameLength) throws IOException {
        this.channel = DatagramChannel.open();
        this.channel.connect(target);
        this.datagram = ByteBuffer.allocateDirect(maxFrameLength);
    }

    @Override
    public void onFrame(final int vf, final long seq, final TrafficClass cls, final byte[] buffer, final int offset,
                        final int length) {
        if (length > datagram.capacity()) {
            failed++;
            return;
        }
        datagram.clear();
        datagram.put(buffer, offset, length).flip();
        try {
            channel.write(datagram);
            sent++;
        } catch (IOException e) {
            // A link does not throw at the sender: an unreachable receiver (ICMP refused) loses the frame, counted.
            failed++;
        }
    }

    /** Datagrams sent. */
    public long sent() {
        return sent;
    }

    /** Datagrams not sent: longer than the configured maximum, or refused by the socket (e.g. port unreachable). */
    public long failed() {
        return failed;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
