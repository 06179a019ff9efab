package dev.hac.nic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sink that records what reached the wire as {@code (vf, seq)} pairs (the model's {@code wire}) and passes each
 * frame on to a delegate. Recording grows a primitive array, amortised; meant for conformance and tests, not for
 * benchmarks. One recorder may outlive an engine (the wire continues across a takeover).
 */
public final class RecordingSink implements FrameSink {

    private final FrameSink delegate;
    private long[] entries = new long[64];
    private int size;

    public RecordingSink() {
        this(FrameSink.DISCARD);
    }

    public RecordingSink(final FrameSink delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onFrame(final int vf, final long seq, final TrafficClass cls, final byte[] buffer, final int offset,
                        final int length) {
        if (size + 2 > entries.length) {
            entries = Arrays.copyOf(entries, entries.length * 2);
        }
        entries[size++] = vf;
        entries[size++] = seq;
        delegate.onFrame(vf, seq, cls, buffer, offset, length);
    }

    /** Frames recorded so far. */
    public int size() {
        return size / 2;
    }

    /** The {@code i}-th frame recorded, counting from 0. */
    public QueuedFrame frame(final int i) {
        if (i < 0 || i >= size / 2) {
            throw new IndexOutOfBoundsException("frame " + i + " of " + size / 2);
        }
        return new QueuedFrame((int) entries[2 * i], entries[2 * i + 1]);
    }

    /** The wire, oldest first. */
    public List<QueuedFrame> wire() {
        final List<QueuedFrame> out = new ArrayList<>(size / 2);
        for (int i = 0; i < size; i += 2) {
            out.add(new QueuedFrame((int) entries[i], entries[i + 1]));
        }
        return out;
    }
}
