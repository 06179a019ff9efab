package dev.hac.nic;

/**
 * Per checkpointing VF: the open epoch, and a ring of records of its sealed, non-empty, unreleased epochs, each
 * {@code (epoch, ring position and bytes counter just past its last frame)}. An epoch without frames gets no
 * record (committing it releases what its predecessor's record does), so records {@code <=} buffered frames
 * {@code <=} ring size, and the record ring, as large as the descriptor ring, cannot overflow.
 */
final class SealedEpochs {

    private final int ringSize;
    private final int ringMask;
    final long[] open;
    private final long[] epoch;
    private final long[] end;
    private final long[] endBytes;
    private final long[] head;
    private final long[] tail;

    SealedEpochs(final int maxVfs, final int ringSize) {
        this.ringSize = ringSize;
        this.ringMask = ringSize - 1;
        this.open = new long[maxVfs];
        this.epoch = new long[maxVfs * ringSize];
        this.end = new long[maxVfs * ringSize];
        this.endBytes = new long[maxVfs * ringSize];
        this.head = new long[maxVfs];
        this.tail = new long[maxVfs];
    }

    /**
     * Closes the open epoch and opens the next; returns the one closed. The open epoch's frames are those past the
     * last record (or past {@code releasedTo} when there is none) up to {@code ringTail}: if it has any, it gets a
     * record ending there.
     */
    long seal(final int vf, final long ringTail, final long bytesIn, final long releasedTo) {
        final long sealed = open[vf];
        final long lastEnd = tail[vf] != head[vf] ? end[slot(vf, tail[vf] - 1)] : releasedTo;
        if (ringTail > lastEnd) {
            final int s = slot(vf, tail[vf]);
            epoch[s] = sealed;
            end[s] = ringTail;
            endBytes[s] = bytesIn;
            tail[vf]++;
        }
        open[vf] = sealed + 1;
        return sealed;
    }

    /**
     * Removes the records of every epoch {@code <= through}; returns the slot of the last one removed (read it with
     * {@link #end(int)} and {@link #endBytes(int)}), or -1 when there was none.
     */
    int takeThrough(final int vf, final long through) {
        int last = -1;
        while (head[vf] != tail[vf]) {
            final int s = slot(vf, head[vf]);
            if (epoch[s] > through) {
                break;
            }
            last = s;
            head[vf]++;
        }
        return last;
    }

    long end(final int slot) {
        return end[slot];
    }

    long endBytes(final int slot) {
        return endBytes[slot];
    }

    /** Forgets every record of the VF (its frames were released or discarded as a whole). */
    void clear(final int vf) {
        head[vf] = tail[vf];
    }

    private int slot(final int vf, final long position) {
        return vf * ringSize + (int) (position & ringMask);
    }
}
