package dev.hac.fuzz;

import dev.hac.nic.BufferedFrame;
import dev.hac.nic.ConfigResult;
import dev.hac.nic.NicConfig;
import dev.hac.nic.NicCounters;
import dev.hac.nic.NicEngine;
import dev.hac.nic.OverflowPolicy;
import dev.hac.nic.QueuedFrame;
import dev.hac.nic.Reason;
import dev.hac.nic.RecordingSink;
import dev.hac.nic.SchedulerPolicy;
import dev.hac.nic.SubmitStatus;
import dev.hac.nic.VfConfig;
import dev.hac.nic.VfCounters;
import dev.hac.testkit.nic.EthernetFrames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code frame} target's oracle. An engine with four VFs, in a state where every outcome is reachable:
 * VF 0 checkpointing (BACKPRESSURE, {@link #VF0_CAP} frames, pre-filled by the case), VF 1 ordinary with 1 to
 * {@link #RING} frames queued (a full descriptor ring), VF 2 checkpointing (DROP, 1 frame) already full, VF 3 not
 * configured. One submit of the case's bytes,
 * then:
 * <ul>
 * <li>the call returns (never throws) a status that is {@link ReferenceFrameParser}'s refusal, or the outcome
 *     the VF's buffer state dictates when the parser finds the frame acceptable;</li>
 * <li>on a refusal the engine is exactly as before except the submit counter and that reason's counter;</li>
 * <li>on acceptance the frame is where the status says, with the next sequence number, and after sealing,
 *     committing and transmitting everything it reaches the wire byte-exact and in per-VF order.</li>
 * </ul>
 */
public final class FrameOracle {

    /** VF 0's buffer limit in frames. */
    public static final int VF0_CAP = 3;
    /** Descriptors per VF. */
    public static final int RING = 8;
    static final int VFS = 4;
    private static final int PREFILL_LENGTH = 60;

    /** How the oracle calls the engine; tests substitute broken callers to show the oracle notices. */
    @FunctionalInterface
    interface Submitter {
        int submit(NicEngine engine, int vf, byte[] array, int offset, int length);
    }

    private FrameOracle() {
    }

    /** Checks one case against the real engine; throws AssertionError naming the case on any violation. */
    public static void check(final FrameCase c) {
        check(c, NicEngine::submit);
    }

    static void check(final FrameCase c, final Submitter submitter) {
        final Map<Long, byte[]> payloads = new HashMap<>();
        final RecordingSink wire = new RecordingSink((vf, seq, cls, buffer, offset, length) ->
                payloads.put(vf * (1L << 40) + seq, Arrays.copyOfRange(buffer, offset, offset + length)));
        final NicEngine engine = prepared(c, wire);
        final Snapshot before = Snapshot.of(engine, wire);
        final int status;
        try {
            status = submitter.submit(engine, c.vf(), c.array(), c.offset(), c.length());
        } catch (RuntimeException e) {
            throw new AssertionError("submit threw " + e + " on " + c, e);
        }
        final Snapshot after = Snapshot.of(engine, wire);
        final int expected = expectedStatus(c);
        if (status != expected) {
            throw new AssertionError("submit returned " + SubmitStatus.name(status) + ", the reference parser says "
                    + SubmitStatus.name(expected) + " for " + c);
        }
        if (SubmitStatus.consumedSequence(status)) {
            checkAccepted(c, status, before, after);
            checkDelivery(c, status, engine, payloads);
        } else if (!after.equals(before.afterRefusal(c.vf(), Reason.ofStatus(status)))) {
            throw new AssertionError("refusal " + SubmitStatus.name(status) + " changed the engine's state:\nbefore "
                    + before + "\nafter  " + after + "\nfor " + c);
        }
    }

    /** The engine of the class comment, with VF 0 holding {@code c.prefill()} frames. */
    static NicEngine prepared(final FrameCase c, final RecordingSink wire) {
        final int slab = Integer.highestOneBit(c.mtu() + NicConfig.ETH_HEADER + NicConfig.VLAN_TAG) * 4;
        final NicEngine engine = new NicEngine(new NicConfig(VFS, RING, slab, c.mtu(), SchedulerPolicy.STRICT, true), wire);
        configure(engine, VfConfig.checkpointing(0, mac(0), VF0_CAP, slab, OverflowPolicy.BACKPRESSURE));
        configure(engine, VfConfig.ordinary(1, mac(1)));
        configure(engine, VfConfig.checkpointing(2, mac(2), 1, slab, OverflowPolicy.DROP));
        for (int i = 0; i < c.prefill(); i++) {
            submitPrefill(engine, 0);
        }
        for (int i = 0; i < c.queued(); i++) {
            submitPrefill(engine, 1);
        }
        submitPrefill(engine, 2);
        return engine;
    }

    private static void configure(final NicEngine engine, final VfConfig config) {
        if (engine.configure(config) != ConfigResult.APPLIED) {
            throw new IllegalStateException("fuzz harness: cannot configure " + config);
        }
    }

    private static void submitPrefill(final NicEngine engine, final int vf) {
        if (!SubmitStatus.accepted(engine.submit(vf, EthernetFrames.valid(mac(vf), PREFILL_LENGTH), 0, PREFILL_LENGTH))) {
            throw new IllegalStateException("fuzz harness: prefill of VF " + vf + " refused");
        }
    }

    static long mac(final int vf) {
        return EthernetFrames.macOf(vf);
    }

    private static int expectedStatus(final FrameCase c) {
        if (c.vf() < 0 || c.vf() > 2) {
            return SubmitStatus.REFUSED_UNKNOWN_VF;
        }
        final int refusal = ReferenceFrameParser.refusal(c.array(), c.offset(), c.length(), c.mtu(), mac(c.vf()));
        if (refusal != 0) {
            return refusal;
        }
        return switch (c.vf()) {
            case 0 -> c.prefill() < VF0_CAP ? SubmitStatus.BUFFERED : SubmitStatus.BACKPRESSURE;
            // Nothing was transmitted yet, so the slab share holds every queued frame; only the ring can be full.
            case 1 -> c.queued() < RING ? SubmitStatus.QUEUED : SubmitStatus.RING_FULL;
            default -> SubmitStatus.DROPPED;
        };
    }

    private static void checkAccepted(final FrameCase c, final int status, final Snapshot before, final Snapshot after) {
        final int vf = c.vf();
        final long seq = before.lastSeq(vf) + 1;
        if (after.lastSeq(vf) != seq) {
            throw new AssertionError(SubmitStatus.name(status) + " did not consume exactly one sequence number: "
                    + before.lastSeq(vf) + " -> " + after.lastSeq(vf) + " for " + c);
        }
        final List<BufferedFrame> buf = new ArrayList<>(before.vf(vf).buffered());
        final List<QueuedFrame> normal = new ArrayList<>(before.normal());
        if (status == SubmitStatus.BUFFERED) {
            buf.add(new BufferedFrame(seq, before.vf(vf).openEpoch()));
        } else if (status == SubmitStatus.QUEUED) {
            normal.add(new QueuedFrame(vf, seq));
        }
        if (!after.vf(vf).buffered().equals(buf) || !after.normal().equals(normal) || !after.high().equals(before.high())) {
            throw new AssertionError(SubmitStatus.name(status) + " put the frame in the wrong place:\nbefore " + before
                    + "\nafter  " + after + "\nfor " + c);
        }
    }

    private static void checkDelivery(final FrameCase c, final int status, final NicEngine engine,
                                      final Map<Long, byte[]> payloads) {
        if (status == SubmitStatus.DROPPED) {
            return;
        }
        final long seq = engine.lastSequence(c.vf());
        engine.commit(0, engine.seal(0));
        engine.commit(2, engine.seal(2));
        engine.transmit(Integer.MAX_VALUE);
        final byte[] sent = payloads.get(c.vf() * (1L << 40) + seq);
        final byte[] submitted = Arrays.copyOfRange(c.array(), c.offset(), c.offset() + c.length());
        if (!Arrays.equals(sent, submitted)) {
            throw new AssertionError("VF " + c.vf() + " seq " + seq + " reached the wire as "
                    + (sent == null ? "nothing" : sent.length + " other bytes") + " for " + c);
        }
    }

    /** What a refusal must leave untouched: every variable and counter of the engine, and the wire. */
    record Snapshot(List<VfView> vfs, List<QueuedFrame> high, List<QueuedFrame> normal, int highStreak,
                    Map<Reason, Long> unattributed, int wireSize) {

        record VfView(long lastSeq, long openEpoch, List<BufferedFrame> buffered, long bufferedBytes, VfCounters counters) {
        }

        static Snapshot of(final NicEngine e, final RecordingSink wire) {
            final NicCounters counters = e.counters();
            final List<VfView> vfs = new ArrayList<>();
            for (int vf = 0; vf < VFS; vf++) {
                vfs.add(e.isConfigured(vf) ? new VfView(e.lastSequence(vf), e.openEpoch(vf), e.buffered(vf),
                        e.bufferedBytes(vf), counters.vf(vf)) : null);
            }
            return new Snapshot(vfs, e.txHigh(), e.txNormal(), e.highStreak(), counters.unattributed(), wire.size());
        }

        VfView vf(final int vf) {
            return vfs.get(vf);
        }

        long lastSeq(final int vf) {
            return vfs.get(vf).lastSeq();
        }

        /** This state with one more submit refused for {@code reason} (unattributed for an unknown VF). */
        Snapshot afterRefusal(final int vf, final Reason reason) {
            if (reason == Reason.UNKNOWN_VF) {
                final Map<Reason, Long> u = new EnumMap<>(Reason.class);
                u.putAll(unattributed);
                u.merge(reason, 1L, Long::sum);
                return new Snapshot(vfs, high, normal, highStreak, Map.copyOf(u), wireSize);
            }
            final List<VfView> changed = new ArrayList<>(vfs);
            final VfView v = vfs.get(vf);
            final VfCounters c = v.counters();
            final Map<Reason, Long> reasons = new EnumMap<>(c.byReason());
            reasons.merge(reason, 1L, Long::sum);
            changed.set(vf, new VfView(v.lastSeq(), v.openEpoch(), v.buffered(), v.bufferedBytes(),
                    new VfCounters(c.vf(), c.submitted() + 1, c.buffered(), c.queuedDirect(), c.released(),
                            c.transmitted(), c.transmittedBytes(), c.consumed(), c.bufferedNow(), c.bufferedBytesNow(),
                            c.queuedNow(), c.occupancyHighFrames(), c.occupancyHighBytes(), reasons)));
            return new Snapshot(changed, high, normal, highStreak, unattributed, wireSize);
        }
    }
}
