package dev.hac.nic;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes transmitted frames to a pcapng file (draft-ietf-opsawg-pcapng) that Wireshark, tshark and tcpdump read:
 * one Section Header Block, one Interface Description Block per traffic class (interface 0 {@code checkpointed}
 * for {@link TrafficClass#HIGH}, 1 {@code ordinary} for {@link TrafficClass#NORMAL}, nanosecond timestamps), and
 * per frame an Enhanced Packet Block stamped with the time it left, whose comment names the VM, sequence number,
 * class, epoch, when the frame was submitted (buffered, for a checkpointed VM) and how long it was held, e.g.
 * {@code vm kv1 vf 0 seq 17 class checkpointed epoch 3 submitted 1764860000.123456789 left 1764860000.148456789 held_us 25000}.
 *
 * <p>Off the engine's path: {@link #onFrame} only copies into one of two preallocated buffers (no allocation, no
 * I/O; the comment's digits are written in place); a writer thread swaps them every {@code flushMillis} and writes
 * the full one. A frame that finds the active buffer full is left out of the capture and counted
 * ({@link #dropped()}), never waited for. A process that is SIGKILLed loses at most the last interval.
 */
public final class PcapngFileSink implements FrameSink, AutoCloseable {

    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 0x00000001;
    static final int EPB = 0x00000006;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int LINKTYPE_ETHERNET = 1;
    /** Interface names, indexed by {@link TrafficClass#ordinal()}. */
    static final String[] INTERFACES = {"checkpointed", "ordinary"};
    /** EPB fixed part (28) + trailing length (4) + opt_comment header (4) + end of options (4). */
    private static final int EPB_OVERHEAD = 40;
    /** Room for the longest comment: fixed words, a 64-character VM name and seven 20-digit numbers. */
    private static final int MAX_COMMENT = 320;
    private static final int BUFFER_BYTES = 1 << 20;
    private static final byte[] VM = ascii("vm ");
    private static final byte[] VF = ascii(" vf ");
    private static final byte[] SEQ = ascii(" seq ");
    private static final byte[] CLASS = ascii(" class ");
    private static final byte[] EPOCH = ascii(" epoch ");
    private static final byte[] SUBMITTED = ascii(" submitted ");
    private static final byte[] LEFT = ascii(" left ");
    private static final byte[] HELD = ascii(" held_us ");
    private static final byte[][] CLASS_NAMES = {ascii(INTERFACES[0]), ascii(INTERFACES[1])};

    private final Path path;
    private final FileChannel channel;
    private final int snapLength;
    private final long baseWallNanos = System.currentTimeMillis() * 1_000_000;
    private final long baseMonoNanos = System.nanoTime();
    private final Thread writer;
    private byte[][] vmNames = new byte[0][];
    private ByteBuffer active;
    private ByteBuffer spare;
    private long frames;
    private long dropped;
    private boolean closed;
    private volatile IOException failure;

    /**
     * Creates (or truncates) {@code path}, writes the section and interface headers, and starts the writer thread.
     *
     * @throws IOException naming the file when it cannot be created
     */
    public PcapngFileSink(final Path path, final int snapLength, final long flushMillis) throws IOException {
        if (snapLength < 1 || snapLength > 65535) {
            throw new IllegalArgumentException("pcapng snapLength must be 1..65535 (got " + snapLength + ")");
        }
        this.path = path;
        this.snapLength = snapLength;
        this.active = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        this.spare = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot write the capture " + path + ": " + e, e);
        }
        writeHeaders(active);
        this.writer = new Thread(() -> drainEvery(flushMillis), "pcapng-writer " + path.getFileName());
        writer.setDaemon(true);
        writer.start();
    }

    private void writeHeaders(final ByteBuffer b) {
        // Section Header Block: no options; section length -1 (not given).
        b.putInt(SHB).putInt(28).putInt(BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0).putLong(-1L)
                .putInt(28);
        for (final String name : INTERFACES) {
            final byte[] n = ascii(name);
            final int length = 20 + 4 + padded(n.length) + 8 + 4;
            b.putInt(IDB).putInt(length).putShort((short) LINKTYPE_ETHERNET).putShort((short) 0).putInt(snapLength);
            option(b, 2, n, n.length); // if_name
            b.putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]); // if_tsresol: 10^-9 s
            b.putInt(0); // opt_endofopt
            b.putInt(length);
        }
    }

    @Override
    public boolean wantsSubmitTimes() {
        return true;
    }

    @Override
    public void onFrame(final int vf, final long seq, final TrafficClass cls, final byte[] buffer, final int offset,
                        final int length) {
        onFrame(vf, seq, cls, 0, 0, buffer, offset, length);
    }

    @Override
    public synchronized void onFrame(final int vf, final long seq, final TrafficClass cls, final long epoch,
                                     final long submittedNanos, final byte[] buffer, final int offset,
                                     final int length) {
        final int captured = Math.min(length, snapLength);
        final ByteBuffer b = active;
        if (closed || b.remaining() < EPB_OVERHEAD + padded(captured) + MAX_COMMENT) {
            dropped++;
            return;
        }
        final long nowMono = System.nanoTime();
        final long left = wall(nowMono);
        final long submitted = submittedNanos == 0 ? left : wall(submittedNanos);
        final int start = b.position();
        b.putInt(EPB).putInt(0).putInt(cls.ordinal()).putInt((int) (left >>> 32)).putInt((int) left)
                .putInt(captured).putInt(length).put(buffer, offset, captured);
        pad(b, captured);
        final int optionAt = b.position();
        b.putInt(0); // opt_comment header, its length known once the text is written
        b.put(VM);
        if (vf < vmNames.length && vmNames[vf] != null) {
            b.put(vmNames[vf]);
        } else {
            decimal(b, vf);
        }
        b.put(VF);
        decimal(b, vf);
        b.put(SEQ);
        decimal(b, seq);
        b.put(CLASS).put(CLASS_NAMES[cls.ordinal()]).put(EPOCH);
        decimal(b, epoch);
        b.put(SUBMITTED);
        seconds(b, submitted);
        b.put(LEFT);
        seconds(b, left);
        b.put(HELD);
        decimal(b, (left - submitted) / 1_000);
        final int text = b.position() - optionAt - 4;
        b.putShort(optionAt, (short) 1).putShort(optionAt + 2, (short) text);
        pad(b, text);
        b.putInt(0); // opt_endofopt
        final int total = b.position() - start + 4;
        b.putInt(total);
        b.putInt(start + 4, total);
        frames++;
    }

    /** Comments name {@code vf}'s VM {@code id} (ASCII, at most 64 characters) instead of its VF number. */
    public synchronized void nameVm(final int vf, final String id) {
        final byte[] name = ascii(id.length() > 64 ? id.substring(0, 64) : id);
        if (vf >= vmNames.length) {
            vmNames = java.util.Arrays.copyOf(vmNames, vf + 1);
        }
        vmNames[vf] = name;
    }

    /** Opens a capture of whole frames written every 100 ms; the message names {@code path} if it cannot. */
    public static PcapngFileSink open(final Path path) throws IOException {
        return new PcapngFileSink(path, 65535, 100);
    }

    /** Frames captured so far. */
    public synchronized long frames() {
        return frames;
    }

    /** Frames left out because the writer had not emptied the buffer yet. */
    public synchronized long dropped() {
        return dropped;
    }

    /** The capture file. */
    public Path path() {
        return path;
    }

    /** Writes everything captured so far (called by the writer thread, and by {@link #close()}). */
    public void flush() throws IOException {
        // The channel lock orders flushes; the engine only ever waits for the swap, never for the write.
        synchronized (channel) {
            final ByteBuffer full;
            synchronized (this) {
                full = active;
                active = spare;
                spare = full;
            }
            full.flip();
            while (full.hasRemaining()) {
                channel.write(full);
            }
            full.clear();
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        writer.interrupt();
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
        channel.close();
        if (failure != null) {
            throw new IOException("writing the capture " + path + ": " + failure.getMessage(), failure);
        }
    }

    private void drainEvery(final long flushMillis) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(flushMillis);
                flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            failure = e;
        }
    }

    private long wall(final long monoNanos) {
        return baseWallNanos + (monoNanos - baseMonoNanos);
    }

    private static void option(final ByteBuffer b, final int code, final byte[] value, final int length) {
        b.putShort((short) code).putShort((short) length).put(value, 0, length);
        pad(b, length);
    }

    private static void pad(final ByteBuffer b, final int length) {
        for (int i = length; (i & 3) != 0; i++) {
            b.put((byte) 0);
        }
    }

    static int padded(final int length) {
        return (length + 3) & ~3;
    }

    /** Non-negative {@code v} in decimal, in place. */
    private static void decimal(final ByteBuffer b, final long v) {
        long div = 1;
        while (div <= v / 10) {
            div *= 10;
        }
        for (; div > 0; div /= 10) {
            b.put((byte) ('0' + (v / div) % 10));
        }
    }

    /** Wall-clock nanoseconds as seconds.nanoseconds (nine digits). */
    private static void seconds(final ByteBuffer b, final long nanos) {
        decimal(b, nanos / 1_000_000_000);
        b.put((byte) '.');
        final long frac = nanos % 1_000_000_000;
        for (long div = 100_000_000; div > 0; div /= 10) {
            b.put((byte) ('0' + (frac / div) % 10));
        }
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
