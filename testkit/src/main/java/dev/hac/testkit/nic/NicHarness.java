package dev.hac.testkit.nic;

import dev.hac.nic.ClassCounters;
import dev.hac.nic.ConfigResult;
import dev.hac.nic.NicConfig;
import dev.hac.nic.NicCounters;
import dev.hac.nic.NicEngine;
import dev.hac.nic.QueuedFrame;
import dev.hac.nic.Reason;
import dev.hac.nic.RecordingSink;
import dev.hac.nic.SchedulerPolicy;
import dev.hac.nic.SubmitStatus;
import dev.hac.nic.TrafficClass;
import dev.hac.nic.VfConfig;
import dev.hac.nic.VfCounters;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a {@link NicScenario} on a {@link NicEngine} and a {@link NicModel} side by side and, after every step,
 * checks that they agree (every abstract variable the engine owns, every return value, every refusal) and that
 * the engine's invariants hold on the engine's own state:
 * <ul>
 * <li>output commit: while buffering, no frame of a checkpointing VF is queued or on the wire unless its seq is
 *     covered by a commit the engine received;</li>
 * <li>per-VF FIFO on the wire (strictly increasing seq, across a takeover too) and byte-exact payloads;</li>
 * <li>ordinary frames are never buffered and never in the high class;</li>
 * <li>strict priority (an ordinary frame leaves only when the high class is empty) / bounded bypass
 *     ({@code highStreak <= k});</li>
 * <li>occupancy within the VF's frame and byte limits;</li>
 * <li>accounting: every consumed sequence number is buffered, queued, transmitted, dropped or discarded,
 *     exactly once, and every submit is accepted or counted under a reason.</li>
 * </ul>
 * Free of test-framework state (failures are {@link AssertionError}s naming the step), so the property test and the
 * {@code nic} fuzz driver share it.
 */
public final class NicHarness {

    private final NicScenario scenario;
    private final RecordingSink wire;
    private final Map<Long, byte[]> submittedBytes = new HashMap<>();
    private final long[] lastOnWire;
    private final long[] committedSeq;
    private final Map<Long, Long> sealSeq = new HashMap<>();
    private long[] signals;
    private final long[] seqBase;
    private NicEngine engine;
    private NicModel model;
    private final List<TrafficClass> sentClasses = new java.util.ArrayList<>();
    /** High-class frames queued when the current transmit began, minus those sent since. */
    private int highWaiting;
    private int step;
    /** Frames at the head of the wire already compared with the model's. */
    private int wireChecked;
    /** Frames at the head of the wire already checked against output commit. */
    private int wireCommitChecked;

    private NicHarness(final NicScenario scenario) {
        this.scenario = scenario;
        final int vfs = scenario.vfCount();
        this.lastOnWire = new long[vfs];
        this.committedSeq = new long[vfs];
        this.signals = new long[vfs];
        this.seqBase = new long[vfs];
        this.wire = new RecordingSink(this::checkPayload);
    }

    /** Runs the scenario; throws AssertionError at the first disagreement or broken invariant. */
    public static void check(final NicScenario scenario) {
        new NicHarness(scenario).run();
    }

    /** The scenario's rings, and slab shares that the rings fill first (so the model needs only ring exhaustion). */
    static NicConfig engineConfig(final NicScenario s, final boolean buffering) {
        return new NicConfig(s.vfCount() + 1, s.ringSize(), s.slabBytesPerVf(), NicScenarioGenerator.MTU, s.policy(),
                buffering);
    }

    private void run() {
        engine = new NicEngine(engineConfig(scenario, true), wire);
        model = new NicModel(scenario.policy(), scenario.ringSize(), scenario.slabBytesPerVf(), true);
        engine.setHighWaterListener(this::countSignal);
        for (int vf = 0; vf < scenario.vfCount(); vf++) {
            final long mac = EthernetFrames.macOf(vf);
            final VfConfig c;
            if (vf < scenario.checkpointing().size()) {
                final NicScenario.VmSpec spec = scenario.checkpointing().get(vf);
                c = VfConfig.checkpointing(vf, mac, spec.capFrames(), spec.capBytes(), spec.overflow());
            } else {
                c = VfConfig.ordinary(vf, mac);
            }
            agree("configure " + vf, engine.configure(c), model.configure(c));
        }
        checkAll();
        for (final NicOp op : scenario.ops()) {
            step++;
            apply(op);
            checkAll();
        }
    }

    private void apply(final NicOp op) {
        if (op instanceof NicOp.Emit e) {
            emit(e);
        } else if (op instanceof NicOp.Seal s) {
            seal(s.vf());
        } else if (op instanceof NicOp.Commit c) {
            commit(c);
        } else if (op instanceof NicOp.Transmit t) {
            transmit(t.frames());
        } else if (op instanceof NicOp.SecondaryLost l) {
            if (model.buffering()) {
                final int[] order = shuffled(model.checkpointingVfs(), l.orderSeed());
                agree("releaseAll", engine.releaseAllAndStopBuffering(order), model.releaseAll(order));
            }
        } else if (op instanceof NicOp.Takeover) {
            takeover();
        } else if (op instanceof NicOp.Reconfigure r) {
            reconfigure(r);
        }
    }

    private void emit(final NicOp.Emit e) {
        final long mac = e.vf() >= 0 ? EthernetFrames.macOf(e.vf()) : EthernetFrames.STRANGER;
        final byte[] frame = EthernetFrames.of(e.kind(), mac, e.length(), step);
        // Surround the frame with junk so that offset handling is exercised.
        final byte[] carrier = new byte[frame.length + 7];
        Arrays.fill(carrier, (byte) 0x5a);
        System.arraycopy(frame, 0, carrier, 3, frame.length);
        final int expected = model.submit(e.vf(), e.kind().verdict(), e.length());
        final int actual = engine.submit(e.vf(), carrier, 3, frame.length);
        if (actual != expected) {
            fail("submit returned " + SubmitStatus.name(actual) + ", model says " + SubmitStatus.name(expected));
        }
        if (SubmitStatus.accepted(actual)) {
            submittedBytes.put(key(e.vf(), engine.lastSequence(e.vf())), frame);
        }
        if (actual == SubmitStatus.BUFFERED && !model.isCheckpointing(e.vf())) {
            fail("an ordinary VF's frame was buffered");
        }
    }

    private void seal(final int vf) {
        final Object expected = outcome(() -> model.seal(vf));
        final long seqAtSeal = engine.isConfigured(vf) ? engine.lastSequence(vf) : -1;
        final Object actual = outcome(() -> engine.seal(vf));
        agree("seal " + vf, actual, expected);
        if (actual instanceof Long epoch) {
            sealSeq.put(key(vf, epoch), seqAtSeal);
        }
    }

    private void commit(final NicOp.Commit c) {
        final int vf = c.vf();
        final long epoch = model.isCheckpointing(vf) ? model.epoch(vf) - 1 - c.back() : 1;
        if (epoch < 1) {
            return;
        }
        final Object expected = outcome(() -> model.commit(vf, epoch));
        final Object actual = outcome(() -> engine.commit(vf, epoch));
        agree("commit " + vf + " epoch " + epoch, actual, expected);
        if (actual instanceof Integer && engine.isBuffering()) {
            committedSeq[vf] = Math.max(committedSeq[vf], sealSeq.get(key(vf, epoch)));
        }
    }

    /** One engine call for the whole batch (the engine sends runs), frame by frame in the model. */
    private void transmit(final int frames) {
        highWaiting = engine.txHigh().size();
        final int before = wire.size();
        sentClasses.clear();
        final int sent = engine.transmit(frames);
        int expected = 0;
        for (int i = 0; i < frames; i++) {
            final NicModel.Sent s = model.transmitOne();
            if (s == null) {
                break;
            }
            agree("transmitted frame", i, wire.frame(before + i), s.frame());
            agree("class of transmitted frame", i, sentClasses.get(i), s.cls());
            expected++;
        }
        agree("frames transmitted", sent, expected);
    }

    private void takeover() {
        if (!model.buffering()) {
            return;
        }
        agree("discardAll", engine.discardAll(), model.discardAll());
        // The crashed engine's last counters: checked here, as the surviving host's engine replaces it.
        checkClassAccounting(engine.counters().high(), 0);
        checkClassAccounting(engine.counters().normal(), 0);
        model = model.takeover();
        engine = new NicEngine(engineConfig(scenario, false), wire);
        for (final int vf : model.checkpointingVfs()) {
            agree("configure at takeover " + vf, engine.configure(model.config(vf)), ConfigResult.APPLIED);
            engine.setLastSequence(vf, committedSeq[vf]);
            seqBase[vf] = committedSeq[vf];
        }
        engine.setHighWaterListener(this::countSignal);
        signals = new long[scenario.vfCount()];
    }

    private void reconfigure(final NicOp.Reconfigure r) {
        final int vf = r.vf();
        if (!model.isConfigured(vf)) {
            return;
        }
        final VfConfig old = model.config(vf);
        final VfConfig c = old.checkpointing()
                ? VfConfig.checkpointing(vf, old.mac(), r.capFrames(), old.maxBytes(), r.overflow())
                : old;
        agree("reconfigure " + vf, engine.configure(c), model.configure(c));
    }

    private void countSignal(final int vf, final int frames, final long bytes) {
        signals[vf]++;
    }

    private void checkPayload(final int vf, final long seq, final TrafficClass cls, final byte[] buffer,
                              final int offset, final int length) {
        sentClasses.add(cls);
        if (cls == TrafficClass.HIGH) {
            highWaiting--;
        } else if (scenario.policy().kind() == SchedulerPolicy.Kind.STRICT && highWaiting > 0) {
            fail("strict priority broken: an ordinary frame left while " + highWaiting + " high-class frames waited");
        }
        final byte[] expected = submittedBytes.remove(key(vf, seq));
        if (expected == null || !Arrays.equals(expected, 0, expected.length, buffer, offset, offset + length)) {
            fail("payload of VF " + vf + " seq " + seq + " is not the bytes submitted");
        }
        if (seq <= lastOnWire[vf]) {
            fail("VF " + vf + " sent seq " + seq + " after " + lastOnWire[vf] + ": per-VM order broken");
        }
        lastOnWire[vf] = seq;
    }

    // ------------------------------------------------------------------ per-step checks

    private void checkAll() {
        final List<QueuedFrame> txHigh = engine.txHigh();
        final List<QueuedFrame> txNormal = engine.txNormal();
        agree("buffering", engine.isBuffering(), model.buffering());
        agree("txHigh", txHigh, model.txHigh());
        agree("txNormal", txNormal, model.txNormal());
        agree("highStreak", engine.highStreak(), model.highStreak());
        checkWire();
        final NicCounters counters = engine.counters();
        for (int vf = 0; vf < scenario.vfCount(); vf++) {
            agree("configured", vf, engine.isConfigured(vf), model.isConfigured(vf));
            if (!model.isConfigured(vf)) {
                continue;
            }
            agree("vmSeq", vf, engine.lastSequence(vf), model.vmSeq(vf));
            agree("buf", vf, engine.buffered(vf), model.buf(vf));
            if (model.isCheckpointing(vf)) {
                agree("epoch", vf, engine.openEpoch(vf), model.epoch(vf));
                agree("high-water signal", vf, engine.highWaterRaised(vf), model.highWater(vf));
                agree("high-water signals raised", vf, signals[vf], model.highWaterSignals(vf));
            } else if (engine.bufferedFrames(vf) != 0) {
                fail("ordinary VF " + vf + " has buffered frames");
            }
            checkOccupancy(vf);
            checkAccounting(counters.vf(vf));
        }
        checkClassAccounting(counters.high(), txHigh.size());
        checkClassAccounting(counters.normal(), txNormal.size());
        for (final QueuedFrame q : txHigh) {
            if (!model.isCheckpointing(q.vf())) {
                fail("ordinary VF " + q.vf() + " has a frame in the high class");
            }
        }
        if (engine.isBuffering()) {
            checkOutputCommit(txHigh, "txHigh");
            // The frames on the wire at earlier steps passed then and still do: committed seqs only grow.
            for (; wireCommitChecked < wire.size(); wireCommitChecked++) {
                checkOutputCommit(wire.frame(wireCommitChecked), "the wire");
            }
        }
        if (scenario.policy().kind() == SchedulerPolicy.Kind.BOUNDED_BYPASS && engine.highStreak() > scenario.policy().k()) {
            fail("highStreak " + engine.highStreak() + " exceeds k = " + scenario.policy().k());
        }
    }

    private void checkOccupancy(final int vf) {
        final VfConfig c = model.config(vf);
        if (engine.bufferedFrames(vf) > c.maxFrames() || engine.bufferedBytes(vf) > c.maxBytes()) {
            fail("VF " + vf + " holds " + engine.bufferedFrames(vf) + " frames / " + engine.bufferedBytes(vf)
                    + " bytes, limits " + c.maxFrames() + " / " + c.maxBytes());
        }
    }

    private void checkClassAccounting(final ClassCounters c, final int waiting) {
        if (c.depthNow() != waiting || c.enqueued() != c.transmitted() + c.discarded() + c.depthNow()) {
            fail(c.cls() + " class accounting: enqueued " + c.enqueued() + " but transmitted " + c.transmitted()
                    + " + discarded " + c.discarded() + " + waiting " + c.depthNow() + " (queue holds " + waiting + ")");
        }
    }

    private void checkAccounting(final VfCounters c) {
        final int vf = c.vf();
        final long placed = c.bufferedNow() + c.queuedNow() + c.transmitted() + c.count(Reason.DROPPED)
                + c.count(Reason.DISCARDED);
        if (c.consumed() != placed || c.consumed() != engine.lastSequence(vf) - seqBase[vf]) {
            fail("VF " + vf + " accounting: consumed " + c.consumed() + " but buffered " + c.bufferedNow()
                    + " + queued " + c.queuedNow() + " + transmitted " + c.transmitted() + " + dropped "
                    + c.count(Reason.DROPPED) + " + discarded " + c.count(Reason.DISCARDED) + " = " + placed);
        }
        long outcomes = c.buffered() + c.queuedDirect();
        for (final Reason r : Reason.values()) {
            if (r != Reason.DISCARDED) {
                outcomes += c.count(r);
            }
        }
        if (outcomes != c.submitted()) {
            fail("VF " + vf + ": " + c.submitted() + " submits but " + outcomes + " counted outcomes");
        }
    }

    private void checkOutputCommit(final List<QueuedFrame> frames, final String where) {
        for (final QueuedFrame q : frames) {
            checkOutputCommit(q, where);
        }
    }

    private void checkOutputCommit(final QueuedFrame q, final String where) {
        if (model.isCheckpointing(q.vf()) && q.seq() > committedSeq[q.vf()]) {
            fail("output commit broken: VF " + q.vf() + " seq " + q.seq() + " in " + where
                    + " but only seq <= " + committedSeq[q.vf()] + " is committed");
        }
    }

    /**
     * The wire as the model has it. Both only ever grow (the wire survives a takeover), so the frames compared at
     * earlier steps stay equal: comparing the length and the frames added since is comparing the whole wire.
     */
    private void checkWire() {
        agree("frames on the wire", wire.size(), model.wireSize());
        for (; wireChecked < wire.size(); wireChecked++) {
            agree("wire frame", wireChecked, wire.frame(wireChecked), model.onWire(wireChecked));
        }
    }

    // ------------------------------------------------------------------ helpers

    private interface Action {
        Object run();
    }

    /** The value, or the exception class for control-plane misuse (both sides must refuse the same way). */
    private static Object outcome(final Action a) {
        try {
            return a.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return e.getClass();
        }
    }

    /** {@link #agree(String, Object, Object)} on item {@code i} of {@code what}, named only if they disagree. */
    private void agree(final String what, final int i, final Object actual, final Object expected) {
        if (!same(actual, expected)) {
            agree(what + " " + i, actual, expected);
        }
    }

    private void agree(final String what, final Object actual, final Object expected) {
        if (!same(actual, expected)) {
            fail(what + ": engine " + actual + ", model " + expected);
        }
    }

    /** Equal, numbers compared by value whatever their boxed type. */
    private static boolean same(final Object actual, final Object expected) {
        final Object a = actual instanceof Number n && expected instanceof Number ? (Object) n.longValue() : actual;
        final Object e = expected instanceof Number n && actual instanceof Number ? (Object) n.longValue() : expected;
        return Objects.equals(a, e);
    }

    private void fail(final String message) {
        throw new AssertionError("step " + step + " (" + (step == 0 ? "setup" : scenario.ops().get(step - 1))
                + "): " + message + "\nscenario: " + scenario);
    }

    private static long key(final int vf, final long n) {
        return ((long) vf << 40) ^ n;
    }

    private static int[] shuffled(final List<Integer> vfs, final long seed) {
        final int[] order = vfs.stream().mapToInt(Integer::intValue).toArray();
        final java.util.Random random = new java.util.Random(seed);
        for (int i = order.length - 1; i > 0; i--) {
            final int j = random.nextInt(i + 1);
            final int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
