package dev.hac.nic;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the engine keeps frames: per VF a power-of-two ring of {@link Descriptor}s and a power-of-two share of one
 * payload slab used as a byte ring (a frame that would straddle the end starts at the beginning instead; the
 * skipped tail is freed with it), and the VF's sequence counter. Each ring holds, in seq order, the VF's queued
 * frames followed by its buffered frames; ring positions are counters that only grow:
 * queued = {@code [head, releasedTo)}, buffered = {@code [releasedTo, tail)}. A release only moves
 * {@code releasedTo}; transmitting moves {@code head}. All memory is allocated by the constructor.
 */
final class FrameStore {

    final int ringSize;
    private final int ringMask;
    private final int slabPerVf;
    private final int slabMask;
    private final long[] descriptors;
    private final byte[] slab;

    final long[] lastSeq;
    final long[] head;
    final long[] releasedTo;
    final long[] tail;
    final long[] bytesIn;
    final long[] bytesReleased;
    private final long[] slabHead;
    private final long[] slabTail;
    /**
     * {@link System#nanoTime()} at submission per descriptor slot, only when the sink (a capture) wants it, else
     * null: a cold array beside the descriptors, so the path without a capture neither reads the clock nor touches it.
     */
    private final long[] submitted;

    FrameStore(final int maxVfs, final int ringSize, final int slabPerVf, final boolean stampSubmissions) {
        this.submitted = stampSubmissions ? new long[maxVfs * ringSize] : null;
        this.ringSize = ringSize;
        this.ringMask = ringSize - 1;
        this.slabPerVf = slabPerVf;
        this.slabMask = slabPerVf - 1;
        this.descriptors = new long[(maxVfs * ringSize) << Descriptor.SHIFT];
        this.slab = new byte[maxVfs * slabPerVf];
        this.lastSeq = new long[maxVfs];
        this.head = new long[maxVfs];
        this.releasedTo = new long[maxVfs];
        this.tail = new long[maxVfs];
        this.bytesIn = new long[maxVfs];
        this.bytesReleased = new long[maxVfs];
        this.slabHead = new long[maxVfs];
        this.slabTail = new long[maxVfs];
    }

    /** Copies the frame into the VF's slab share and ring, numbering it; false (nothing changed) if either is full. */
    boolean append(final int vf, final byte[] frame, final int offset, final int length, final long epoch) {
        final long t = tail[vf];
        if (t - head[vf] >= ringSize) {
            return false;
        }
        final long st = slabTail[vf];
        final int index = (int) (st & slabMask);
        // A frame never straddles the end of the share: skip the remainder, it is freed with this frame.
        final long start = index + length > slabPerVf ? st + (slabPerVf - index) : st;
        final long end = start + length;
        if (end - slabHead[vf] > slabPerVf) {
            return false;
        }
        System.arraycopy(frame, offset, slab, vf * slabPerVf + (int) (start & slabMask), length);
        slabTail[vf] = end;
        final int slot = slot(vf, t);
        descriptors[Descriptor.at(slot, Descriptor.SEQ)] = ++lastSeq[vf];
        descriptors[Descriptor.at(slot, Descriptor.EPOCH)] = epoch;
        descriptors[Descriptor.at(slot, Descriptor.SLAB_END)] = end;
        descriptors[Descriptor.at(slot, Descriptor.LENGTH)] = length;
        if (submitted != null) {
            submitted[slot] = System.nanoTime();
        }
        tail[vf] = t + 1;
        bytesIn[vf] += length;
        return true;
    }

    /** Moves the VF's buffered frames up to ring position {@code end} (bytes counter {@code endBytes}) to queued. */
    int releaseTo(final int vf, final long end, final long endBytes) {
        final int n = (int) (end - releasedTo[vf]);
        releasedTo[vf] = end;
        bytesReleased[vf] = endBytes;
        return n;
    }

    /**
     * Lends the VF's head frame to the sink, then frees it; returns its length. The bytes are freed only after the
     * sink returned, so they stay valid during the call; if the sink throws, the frame stays.
     */
    int sendHead(final int vf, final TrafficClass cls, final FrameSink sink) {
        final long p = head[vf];
        final int slot = slot(vf, p);
        final long end = descriptors[Descriptor.at(slot, Descriptor.SLAB_END)];
        final int length = (int) descriptors[Descriptor.at(slot, Descriptor.LENGTH)];
        sink.onFrame(vf, descriptors[Descriptor.at(slot, Descriptor.SEQ)], cls,
                descriptors[Descriptor.at(slot, Descriptor.EPOCH)], submitted == null ? 0 : submitted[slot],
                slab, vf * slabPerVf + (int) ((end - length) & slabMask), length);
        head[vf] = p + 1;
        slabHead[vf] = end;
        return length;
    }

    /** Frees everything the VF holds; returns how many frames that was. */
    long discard(final int vf) {
        final long n = tail[vf] - head[vf];
        head[vf] = tail[vf];
        releasedTo[vf] = tail[vf];
        slabHead[vf] = slabTail[vf];
        bytesReleased[vf] = bytesIn[vf];
        return n;
    }

    boolean holdsFrames(final int vf) {
        return tail[vf] != head[vf];
    }

    int bufferedFrames(final int vf) {
        return (int) (tail[vf] - releasedTo[vf]);
    }

    long bufferedBytes(final int vf) {
        return bytesIn[vf] - bytesReleased[vf];
    }

    int queuedFrames(final int vf) {
        return (int) (releasedTo[vf] - head[vf]);
    }

    /** The VF's buffered frames, oldest first (allocates). */
    List<BufferedFrame> buffered(final int vf) {
        final List<BufferedFrame> out = new ArrayList<>();
        for (long p = releasedTo[vf]; p != tail[vf]; p++) {
            final int slot = slot(vf, p);
            out.add(new BufferedFrame(descriptors[Descriptor.at(slot, Descriptor.SEQ)],
                    descriptors[Descriptor.at(slot, Descriptor.EPOCH)]));
        }
        return out;
    }

    /** The frames a class queue's segments point at, head first (allocates). */
    List<QueuedFrame> queued(final ClassQueue q) {
        final long[] cursor = head.clone();
        final List<QueuedFrame> out = new ArrayList<>();
        for (final int[] segment : q.snapshot()) {
            final int vf = segment[0];
            for (int i = 0; i < segment[1]; i++) {
                out.add(new QueuedFrame(vf, descriptors[Descriptor.at(slot(vf, cursor[vf]++), Descriptor.SEQ)]));
            }
        }
        return out;
    }

    private int slot(final int vf, final long position) {
        return vf * ringSize + (int) (position & ringMask);
    }
}
