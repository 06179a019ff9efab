package dev.hac.bench;

import dev.hac.nic.FrameClassifier;
import dev.hac.nic.FrameSink;
import dev.hac.nic.SubmitStatus;
import dev.hac.nic.TrafficClass;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The same engine behaviour built the obvious way from java.util collections, as the benchmarks' baseline: a
 * {@link HashMap} of VF state, an {@link ArrayDeque} per epoch, a copied {@code byte[]} and a record per frame,
 * and release by moving frames one by one into the high queue. It classifies with the same
 * {@link FrameClassifier} so that the comparison measures the data structures, not the parsing. Strict priority
 * only; no counters beyond what the comparison needs.
 */
public final class CollectionsNicBaseline implements BenchedNic {

    private record Frame(int vf, long seq, byte[] bytes) {
    }

    private record Epoch(long number, ArrayDeque<Frame> frames) {
    }

    private static final class Vf {
        final long mac;
        final int maxFrames;
        long seq;
        long openEpoch = 1;
        int buffered;
        ArrayDeque<Frame> open = new ArrayDeque<>();
        final ArrayDeque<Epoch> sealed = new ArrayDeque<>();

        Vf(final long mac, final int maxFrames) {
            this.mac = mac;
            this.maxFrames = maxFrames;
        }
    }

    private final Map<Integer, Vf> vfs = new HashMap<>();
    private final ArrayDeque<Frame> high = new ArrayDeque<>();
    private final ArrayDeque<Frame> normal = new ArrayDeque<>();
    private final int mtu;
    private final FrameSink sink;

    public CollectionsNicBaseline(final int mtu, final FrameSink sink) {
        this.mtu = mtu;
        this.sink = sink;
    }

    /** A checkpointing VF with a frame limit (backpressure when full). */
    public void configureCheckpointing(final int vf, final long mac, final int maxFrames) {
        vfs.put(vf, new Vf(mac, maxFrames));
    }

    @Override
    public int submit(final int vf, final byte[] frame, final int offset, final int length) {
        final Vf v = vfs.get(vf);
        if (v == null) {
            return SubmitStatus.REFUSED_UNKNOWN_VF;
        }
        if (frame == null || offset < 0 || length < 0 || offset > frame.length - length) {
            return SubmitStatus.REFUSED_BAD_BOUNDS;
        }
        final int verdict = FrameClassifier.classify(frame, offset, length, mtu);
        if (verdict != FrameClassifier.VALID) {
            return verdict;
        }
        if (FrameClassifier.sourceMac(frame, offset) != v.mac) {
            return SubmitStatus.REFUSED_SPOOFED;
        }
        if (v.buffered >= v.maxFrames) {
            return SubmitStatus.BACKPRESSURE;
        }
        v.open.add(new Frame(vf, ++v.seq, Arrays.copyOfRange(frame, offset, offset + length)));
        v.buffered++;
        return SubmitStatus.BUFFERED;
    }

    @Override
    public long seal(final int vf) {
        final Vf v = vfs.get(vf);
        final long e = v.openEpoch++;
        v.sealed.add(new Epoch(e, v.open));
        v.open = new ArrayDeque<>();
        return e;
    }

    @Override
    public int commit(final int vf, final long epoch) {
        final Vf v = vfs.get(vf);
        int n = 0;
        while (!v.sealed.isEmpty() && v.sealed.peekFirst().number() <= epoch) {
            for (final Frame f : v.sealed.pollFirst().frames()) {
                high.add(f);
                n++;
            }
        }
        v.buffered -= n;
        return n;
    }

    @Override
    public int transmit(final int maxFrames) {
        int sent = 0;
        while (sent < maxFrames) {
            Frame f = high.poll();
            TrafficClass cls = TrafficClass.HIGH;
            if (f == null) {
                f = normal.poll();
                cls = TrafficClass.NORMAL;
            }
            if (f == null) {
                break;
            }
            sink.onFrame(f.vf(), f.seq(), cls, f.bytes(), 0, f.bytes().length);
            sent++;
        }
        return sent;
    }
}
