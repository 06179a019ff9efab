package dev.hac.nic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes transmitted frames to a classic libpcap file (magic {@code a1b2c3d4}, microsecond timestamps,
 * link type Ethernet), readable by {@code tcpdump -r} and tshark. Records are staged in one preallocated buffer
 * and written in large chunks; no allocation per frame. The timestamp is the wall clock at transmission.
 * Close it to flush.
 */
public final class PcapFileSink implements FrameSink, AutoCloseable {

    /** pcap global header magic, microsecond resolution. */
    public static final int MAGIC = 0xa1b2c3d4;
    /** LINKTYPE_ETHERNET. */
    public static final int LINKTYPE_ETHERNET = 1;
    /** Global header bytes. */
    public static final int GLOBAL_HEADER = 24;
    /** Per-record header bytes. */
    public static final int RECORD_HEADER = 16;

    private final FileChannel channel;
    private final ByteBuffer staging;
    private final long baseMicros = System.currentTimeMillis() * 1_000;
    private final long baseNanos = System.nanoTime();
    private long frames;

    /** Creates (or truncates) {@code path} and writes the global header; snaplen is {@code snapLength}. */
    public PcapFileSink(final Path path, final int snapLength) throws IOException {
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        // Native byte order is what pcap readers expect from the magic; little endian here, fixed for reproducibility.
        this.staging = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        if (snapLength + RECORD_HEADER > staging.capacity()) {
            throw new IllegalArgumentException("snapLength " + snapLength + " too large");
        }
        staging.putInt(MAGIC).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(snapLength).putInt(LINKTYPE_ETHERNET);
    }

    @Override
    public void onFrame(final int vf, final long seq, final TrafficClass cls, final byte[] buffer, final int offset,
                        final int length) {
        if (staging.remaining() < RECORD_HEADER + length) {
            flush();
        }
        final long micros = currentMicros();
        staging.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000))
                .putInt(length).putInt(length).put(buffer, offset, length);
        frames++;
    }

    /** Frames written so far. */
    public long frames() {
        return frames;
    }

    /** Writes staged records to the file. */
    public void flush() {
        staging.flip();
        try {
            while (staging.hasRemaining()) {
                channel.write(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing pcap file", e);
        } finally {
            staging.clear();
        }
    }

    @Override
    public void close() throws IOException {
        flush();
        channel.close();
    }

    /** Wall clock in microseconds without allocating: the wall time at creation plus monotonic time since. */
    private long currentMicros() {
        return baseMicros + (System.nanoTime() - baseNanos) / 1_000;
    }
}
