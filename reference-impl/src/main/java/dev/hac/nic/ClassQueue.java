package dev.hac.nic;

import java.util.ArrayList;
import java.util.List;

/**
 * One transmit class (the model's {@code txHigh} or {@code txNormal}) and its counters, as a power-of-two ring of
 * segments {@code (vf, frames)}: "the next {@code frames} frames at the head of VF {@code vf}'s descriptor ring".
 * The frames themselves never move: releasing a whole run of epochs appends one segment (O(1), a splice), and
 * consecutive segments of the same VF merge. Each VF's frames in a queue are contiguous in its ring and in seq
 * order, so a VF's head descriptor is always its next frame.
 */
final class ClassQueue {

    final TrafficClass cls;
    private final long[] segments;
    private final int mask;
    private long head;
    private long tail;
    private long frames;

    private long enqueued;
    private long transmitted;
    private long transmittedBytes;
    private long discarded;
    private long depthHigh;

    /** @param capacity at least the number of segments that can coexist (one per queued frame is the worst case) */
    ClassQueue(final TrafficClass cls, final int capacity) {
        this.cls = cls;
        final int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.segments = new long[size];
        this.mask = size - 1;
    }

    boolean isEmpty() {
        return head == tail;
    }

    long frames() {
        return frames;
    }

    /** Appends {@code n >= 1} frames of {@code vf}, merging with the last segment when it is the same VF. */
    void append(final int vf, final int n) {
        if (tail != head && vfOf(segments[(int) ((tail - 1) & mask)]) == vf) {
            segments[(int) ((tail - 1) & mask)] += n;
        } else {
            segments[(int) (tail & mask)] = ((long) vf << 32) | n;
            tail++;
        }
        frames += n;
        enqueued += n;
        depthHigh = Math.max(depthHigh, frames);
    }

    /** VF of the head segment; the queue must not be empty. */
    int headVf() {
        return vfOf(segments[(int) (head & mask)]);
    }

    /** Frames in the head segment; the queue must not be empty. */
    int headCount() {
        return (int) segments[(int) (head & mask)];
    }

    /** Removes {@code n <= headCount()} frames, of {@code bytes} in all, from the head segment: they were sent. */
    void consume(final int n, final long bytes) {
        final int h = (int) (head & mask);
        segments[h] -= n;
        frames -= n;
        if ((int) segments[h] == 0) {
            head++;
        }
        transmitted += n;
        transmittedBytes += bytes;
    }

    /** Drops every waiting frame (the primary crashed), counting them as discarded. */
    void discardAll() {
        discarded += frames;
        head = tail;
        frames = 0;
    }

    ClassCounters counters() {
        return new ClassCounters(cls, enqueued, transmitted, transmittedBytes, discarded, frames, depthHigh);
    }

    /** The (vf, count) segments head to tail, for the read-only views (allocates). */
    List<int[]> snapshot() {
        final List<int[]> out = new ArrayList<>();
        for (long p = head; p != tail; p++) {
            final long s = segments[(int) (p & mask)];
            out.add(new int[] {vfOf(s), (int) s});
        }
        return out;
    }

    private static int vfOf(final long segment) {
        return (int) (segment >>> 32);
    }
}
