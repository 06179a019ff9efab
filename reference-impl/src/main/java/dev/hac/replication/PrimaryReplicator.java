package dev.hac.replication;

import dev.hac.host.CheckpointTrigger;
import dev.hac.host.EventSink;
import dev.hac.host.HacUtility;
import dev.hac.host.HostLoop;
import dev.hac.host.Mode;
import dev.hac.wire.Message;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * The primary's replication, run by the host loop once per turn: starts each
 * checkpointing VM's checkpoint when its epoch interval is up (or early, on the
 * NIC's high-water signal, or on its output signal for a VM whose trigger is
 * {@link CheckpointTrigger#OUTPUT}), ships it, acts on acknowledgements (the NIC
 * releases), aborts checkpoints that time out or whose link broke, makes the
 * first checkpoint of every VM on a new session a full copy, sends
 * heartbeats, and switches to unprotected mode, loudly, when the secondary has
 * been silent for the failure timeout.
 */
public final class PrimaryReplicator implements HostLoop.Agent, Link.Listener {

    private final HacUtility utility;
    private final HostLoop loop;
    private final LiveOptions options;
    private final EventSink events;
    private final PrintStream log;
    private final List<String> ckptVms;
    private final Map<String, Long> due = new LinkedHashMap<>();
    /** When each VM's last checkpoint started, for the minimum interval between checkpoints on output. */
    private final Map<String, Long> lastStart = new LinkedHashMap<>();
    private final Map<String, long[]> committed = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Message.Ack> acks = new ConcurrentLinkedQueue<>();
    private volatile Link link;
    /** The link whose session started with full copies: the loop thread's own, compared with {@link #link}. */
    private Link session;
    private volatile boolean linkBroke;
    private volatile long lastHeard = System.nanoTime();
    private long lastHeartbeat;
    private volatile Mode mode = Mode.PROTECTED;

    private final Recorder commitLatency = new Recorder(3);
    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong aborts = new AtomicLong();
    private final AtomicLong earlyCheckpoints = new AtomicLong();
    private final AtomicLong outputCheckpoints = new AtomicLong();
    private final AtomicLong bytesShipped = new AtomicLong();
    private final AtomicLong framesReleased = new AtomicLong();
    private final AtomicLong secondaryLosses = new AtomicLong();
    private final AtomicLong releasedAtLoss = new AtomicLong();
    private final AtomicLong pagesShipped = new AtomicLong();
    private final AtomicLong initialSyncMicros = new AtomicLong();
    /** VMs whose next commit is a session's full copy (reported apart from the per-epoch latencies). Loop thread only. */
    private final Set<String> fullCopyPending = new HashSet<>();

    public PrimaryReplicator(final HacUtility utility, final HostLoop loop, final LiveOptions options,
                             final EventSink events, final PrintStream log) {
        this.utility = utility;
        this.loop = loop;
        this.options = options;
        this.events = events;
        this.log = log;
        this.ckptVms = utility.checkpointingVms();
        final long now = System.nanoTime();
        for (final String v : ckptVms) {
            due.put(v, now);
            lastStart.put(v, now - options.triggers().minInterval().toNanos());
            committed.put(v, new long[2]);
        }
    }

    /** A (re)established session: from the next turn, checkpoints go out on it, each VM's first a full copy. */
    public void attach(final Link l) {
        lastHeard = System.nanoTime();
        this.link = l;
        loop.wakeup();
    }

    public Mode mode() {
        return mode;
    }

    public boolean linkUp() {
        final Link l = link;
        return l != null && !l.isClosed();
    }

    /** What the primary knows is applied on the secondary: {epoch, seq} of the last acknowledged checkpoint. */
    public long[] committed(final String vm) {
        return committed.get(vm).clone();
    }

    public Recorder commitLatency() {
        return commitLatency;
    }

    public long checkpoints() {
        return checkpoints.get();
    }

    /** Checkpoints the engine's high-water signal started before their interval was up. */
    public long earlyCheckpoints() {
        return earlyCheckpoints.get();
    }

    /** Checkpoints the NIC's output signal started before their interval was up (trigger {@code output}). */
    public long outputCheckpoints() {
        return outputCheckpoints.get();
    }

    public long commits() {
        return commits.get();
    }

    public long aborts() {
        return aborts.get();
    }

    public long bytesShipped() {
        return bytesShipped.get();
    }

    public long pagesShipped() {
        return pagesShipped.get();
    }

    /** The longest full-memory checkpoint (the first of each VM in each session), start to acknowledgement, in microseconds. */
    public long initialSyncMicros() {
        return initialSyncMicros.get();
    }

    /** Frames released by acknowledgements (not those released when the secondary was lost). */
    public long framesReleased() {
        return framesReleased.get();
    }

    /** Switches to unprotected mode because the secondary went silent (0 or 1: the switch is for good). */
    public long secondaryLosses() {
        return secondaryLosses.get();
    }

    /** Frames released uncommitted at the switch to unprotected mode: the output no secondary backs. */
    public long releasedAtLoss() {
        return releasedAtLoss.get();
    }

    @Override
    public void received(final Message m) {
        lastHeard = System.nanoTime();
        if (m instanceof Message.Ack a) {
            acks.add(a);
            loop.wakeup();
        }
    }

    @Override
    public void closed(final String why) {
        log.println("hac primary: REPLICATION LINK LOST (" + why + "); in-flight checkpoints abort, reconnecting");
        linkBroke = true;
        loop.wakeup();
    }

    @Override
    public void tick(final long now) {
        if (mode != Mode.PROTECTED) {
            return;
        }
        if (linkBroke) {
            linkBroke = false;
            for (final String v : ckptVms) {
                if (!utility.inflight(v).equals(HacUtility.InFlight.NONE)) {
                    abort(v, "link lost");
                }
            }
        }
        final Link l = link;
        if (l != null && l != session) {
            newSession(l);
        }
        Message.Ack a;
        while ((a = acks.poll()) != null) {
            onAck(a, now);
        }
        final long heard = l == null ? lastHeard : Math.max(lastHeard, l.lastReceiveNanos());
        if (now - heard > options.failureTimeout().toNanos()) {
            secondaryLost(now - heard);
            return;
        }
        final boolean up = l != null && !l.isClosed();
        for (final String v : ckptVms) {
            final HacUtility.InFlight f = utility.inflight(v);
            if (!f.equals(HacUtility.InFlight.NONE)) {
                if (now - utility.startedNanos(v) > options.checkpointTimeout().toNanos()) {
                    abort(v, "no acknowledgement within " + options.checkpointTimeout().toMillis() + " ms");
                }
                continue;
            }
            final boolean early = utility.engine().highWaterRaised(utility.vf(v));
            // The output signal stays raised from the first frame of the open epoch until its seal, so while a
            // checkpoint is in flight it stands for exactly one waiting checkpoint, started here once that one ends.
            final boolean output = options.triggers().of(v) == CheckpointTrigger.OUTPUT
                    && utility.engine().outputPending(utility.vf(v))
                    && now - lastStart.get(v) >= options.triggers().minInterval().toNanos();
            final long dueAt = due.get(v);
            if (up && (now >= dueAt || early || output) && utility.canStartCheckpoint(v)) {
                final Message.Checkpoint c = utility.startCheckpoint(v);
                events.action("HacStartCheckpoint", Map.of("v", v));
                checkpoints.incrementAndGet();
                if (now < dueAt) {
                    // a signal of the NIC, not the timer, started this one
                    (early ? earlyCheckpoints : outputCheckpoints).incrementAndGet();
                }
                lastStart.put(v, now);
                pagesShipped.addAndGet(c.pageIndex().length);
                bytesShipped.addAndGet(c.pageData().length);
                due.put(v, now + options.epochInterval().toNanos());
                l.send(c);
            }
        }
        if (up && now - lastHeartbeat >= options.heartbeatInterval().toNanos()) {
            lastHeartbeat = now;
            l.send(new Message.Heartbeat(now));
        }
    }

    private void onAck(final Message.Ack a, final long now) {
        if (!ckptVms.contains(a.vm())) {
            log.println("hac primary: ignoring an ACK for unknown VM " + a.vm());
            return;
        }
        final HacUtility.InFlight f = utility.inflight(a.vm());
        if (!utility.ackReceived(a.vm(), a.epoch())) {
            return; // stale: counted by the utility
        }
        committed.put(a.vm(), new long[] {f.epoch(), f.seq()});
        events.action("SecondaryApply", Map.of("v", a.vm()));
        final long latency = now - utility.startedNanos(a.vm());
        framesReleased.addAndGet(utility.releaseAcked(a.vm()));
        // A session's full copy is reported apart, not mixed into the per-epoch figures.
        if (fullCopyPending.remove(a.vm())) {
            initialSyncMicros.accumulateAndGet(latency / 1000, Math::max);
        } else {
            commitLatency.recordValue(Math.max(0, latency / 1000));
        }
        commits.incrementAndGet();
        events.action("PrimaryReceiveAck", Map.of("v", a.vm()));
    }

    /**
     * The peer of a new session may hold nothing (a secondary restarted within the failure timeout starts empty),
     * so a checkpoint still in flight from the old session is given up and every VM's next checkpoint is a full
     * copy; until that commits, its frames stay buffered.
     */
    private void newSession(final Link l) {
        session = l;
        for (final String v : ckptVms) {
            if (!utility.inflight(v).equals(HacUtility.InFlight.NONE)) {
                abort(v, "a new replication session starts with a full copy");
            }
            utility.markAllDirty(v);
            fullCopyPending.add(v);
        }
    }

    private void abort(final String v, final String why) {
        utility.abort(v);
        aborts.incrementAndGet();
        events.action("HacAbortCheckpoint", Map.of("v", v));
        log.println("hac primary: checkpoint of " + v + " aborted: " + why + " (its frames stay buffered)");
    }

    private void secondaryLost(final long silentNanos) {
        final long released = utility.secondaryLost(ckptVms);
        secondaryLosses.incrementAndGet();
        releasedAtLoss.addAndGet(released);
        mode = Mode.UNPROTECTED;
        events.action("PrimaryDetectSecondaryLoss", Map.of("order", ckptVms));
        final Link l = link;
        if (l != null) {
            l.close();
        }
        log.println("hac primary: *** SECONDARY LOST: silent for " + silentNanos / 1_000_000
                + " ms. Released " + released + " buffered frames; running UNPROTECTED (no checkpoints, no buffering) ***");
    }
}
