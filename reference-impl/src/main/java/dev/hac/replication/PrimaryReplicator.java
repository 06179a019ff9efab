package dev.hac.replication;

import dev.hac.host.CheckpointTrigger;
import dev.hac.fencing.Witness;
import dev.hac.host.EventSink;
import dev.hac.host.GuestMemory;
import dev.hac.host.HacUtility;
import dev.hac.host.HostLoop;
import dev.hac.host.Mode;
import dev.hac.nic.NicEngine;
import dev.hac.vocabulary.Action;
import dev.hac.vocabulary.FencingEvent;
import dev.hac.wire.Message;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Recorder;

/**
 * The primary's replication, run by the host loop once per turn: starts each
 * checkpointing VM's checkpoint when its epoch interval is up (or early, on the
 * NIC's high-water signal, or on its output signal for a VM whose trigger is
 * {@link CheckpointTrigger#OUTPUT}), ships it, acts on acknowledgements (the NIC
 * releases), aborts checkpoints that time out or whose link broke, makes the
 * first checkpoint of every VM on a new session a full copy, sends
 * heartbeats, and acts when the secondary has been silent for the failure
 * timeout. With fencing ({@link Fencing}) it keeps the NIC's lease (renewed by
 * every acknowledgement to the checkpoint's start time plus the lease) and claims
 * the witness: won, it switches to unprotected mode, loudly; lost, it halts;
 * unreachable, it stays protected, keeps buffering and retries. Without fencing it
 * switches to unprotected mode on silence alone (the naive rule).
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
    /** The secondary's silence less this loop's own stalls (loop thread only). */
    private final PeerSilence silence;
    private long lastHeartbeat;
    private volatile Mode mode = Mode.PROTECTED;
    private final Fencing fencing;
    private final String claimant;
    private volatile long generation;
    private long leaseUntil;
    private boolean leaseExpired;
    /** The claim running since the peer went silent, or null. Loop thread only. */
    private Claim claim;
    private volatile Witness.Answer haltedBy;
    private final AtomicLong leaseExpiries = new AtomicLong();
    private final AtomicLong claimsUnreachable = new AtomicLong();
    private final AtomicLong heals = new AtomicLong();

    private final Recorder commitLatency = new Recorder(3);
    /**
     * How long the output signal of a VM waited for that VM's checkpoint in flight to end before its own checkpoint
     * started, in microseconds: what one checkpoint in flight per VM costs an answer, the case for a pipeline.
     */
    private final Recorder inFlightWaits = new Recorder(3);
    /**
     * Per checkpointing VM (as {@link #ckptVms}): when this loop first saw its output signal raised behind its
     * checkpoint in flight, or {@link #NOT_WAITING}. An array, not a map: the loop reads it on every tick.
     */
    private final long[] waitingSince;
    private static final long NOT_WAITING = Long.MIN_VALUE;
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
    /** A joiner whose handshake and witness registration are done, waiting for the loop thread to adopt it. */
    private final AtomicReference<Join> pendingJoin = new AtomicReference<>();
    /** Between a join and the commit of every full copy: the pair is not protected yet, output stays buffered. */
    private volatile boolean syncing;
    private volatile long unprotectedSinceMillis;
    private volatile long unprotectedSinceNanos;
    private volatile long protectedAgainMillis;
    private volatile long lastUnprotectedMillis;
    private volatile long syncStartNanos;
    private volatile long lastSyncMillis;
    private final AtomicLong joins = new AtomicLong();
    /** VMs whose next commit is a session's full copy (reported apart from the per-epoch latencies). Loop thread only. */
    private final Set<String> fullCopyPending = new HashSet<>();

    public PrimaryReplicator(final HacUtility utility, final HostLoop loop, final LiveOptions options,
                             final Fencing fencing, final String claimant, final EventSink events, final PrintStream log) {
        this.utility = utility;
        this.fencing = fencing;
        this.claimant = claimant;
        this.loop = loop;
        this.options = options;
        this.silence = new PeerSilence(options.failureTimeout().toNanos() / 4);
        this.events = events;
        this.log = log;
        this.ckptVms = utility.checkpointingVms();
        this.waitingSince = new long[ckptVms.size()];
        Arrays.fill(waitingSince, NOT_WAITING);
        final long now = System.nanoTime();
        for (final String v : ckptVms) {
            due.put(v, now);
            lastStart.put(v, now - options.triggers().minInterval().toNanos());
            committed.put(v, new long[2]);
        }
        if (fencing.enabled()) {
            leaseUntil = now; // no acknowledgement yet: no lease (and no expiry to report before the first one)
            leaseExpired = true;
            utility.engine().setLease(leaseUntil);
        }
    }

    /** The witness generation this primary holds (won at start); its heartbeats carry it to the secondary. */
    public void holdGeneration(final long g) {
        generation = g;
    }

    /**
     * This host took over (it was the secondary) and runs the VMs unprotected under generation {@code g} until a
     * secondary joins it. Call before the host loop runs.
     */
    public void startUnprotected(final long g) {
        generation = g;
        mode = Mode.UNPROTECTED;
        unprotectedSinceMillis = System.currentTimeMillis();
        unprotectedSinceNanos = System.nanoTime();
        utility.engine().setLease(NicEngine.NO_LEASE);
    }

    public long generation() {
        return generation;
    }

    /** The witness answer that made this primary halt, or null while it runs. */
    public Witness.Answer haltedBy() {
        return haltedBy;
    }

    /** Times the lease ran out while protected (output held until an acknowledgement or a won claim). */
    public long leaseExpiries() {
        return leaseExpiries.get();
    }

    /** Claim attempts the witness did not answer. */
    public long claimsUnreachable() {
        return claimsUnreachable.get();
    }

    /** Times the secondary was heard again while a claim ran (a healed partition or a resumed peer). */
    public long heals() {
        return heals.get();
    }

    /** A joining secondary, authenticated, with the generation the witness registered for the new pair. */
    private record Join(Link link, long generation) {
    }

    /**
     * Hands an authenticated joiner to the loop thread, which adopts it on its next turn if this host still runs
     * unprotected (else the link is closed, and the caller's counters say why).
     *
     * @return false when another join is already waiting
     */
    public boolean offerJoin(final Link l, final long newGeneration) {
        if (!pendingJoin.compareAndSet(null, new Join(l, newGeneration))) {
            return false;
        }
        loop.wakeup();
        return true;
    }

    /** True from a join until every VM's full copy is acknowledged (the spec's role "syncing"). */
    public boolean syncing() {
        return syncing;
    }

    /** Wall-clock millis since which this host runs unprotected, or 0 while protected or syncing. */
    public long unprotectedSinceMillis() {
        return mode == Mode.UNPROTECTED ? unprotectedSinceMillis : 0;
    }

    /** Wall-clock millis at which protection last resumed after a join (0: never). */
    public long protectedAgainMillis() {
        return protectedAgainMillis;
    }

    /** How long the last unprotected spell lasted, from the loss to the commit of the joiner's full copies. */
    public long lastUnprotectedMillis() {
        return lastUnprotectedMillis;
    }

    /** How long the last join's full copies took, from the join to the last acknowledgement. */
    public long lastSyncMillis() {
        return lastSyncMillis;
    }

    /** Joins adopted (each one a new generation). */
    public long joins() {
        return joins.get();
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

    /** See {@link #inFlightWaits}: one value per checkpoint on output that started behind another, in microseconds. */
    public Recorder inFlightWaits() {
        return inFlightWaits;
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
        if (haltedBy != null) {
            return;
        }
        if (mode != Mode.PROTECTED && !adoptJoin(now)) {
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
        if (fencing.enabled()) {
            if (fence(now, heard)) {
                return;
            }
        } else {
            // Without fencing the rule is silence alone, so this loop's own stalls are not counted as the secondary's.
            // (With fencing the lease runs on real time and must not be discounted.)
            final long silent = silence.silentNanos(now, heard);
            if (silent > options.failureTimeout().toNanos()) {
                secondaryLost(silent, "NO FENCING: the naive rule");
                return;
            }
        }
        final boolean up = l != null && !l.isClosed();
        if (!up) {
            Arrays.fill(waitingSince, NOT_WAITING); // nothing in flight any more; a wait across sessions is not one
        }
        for (int i = 0; i < ckptVms.size(); i++) {
            final String v = ckptVms.get(i);
            final HacUtility.InFlight f = utility.inflight(v);
            if (!f.equals(HacUtility.InFlight.NONE)) {
                final long timeout = fullCopyPending.contains(v)
                        ? fullCopyTimeoutNanos(options.checkpointTimeout(),
                                (long) utility.vm(v).descriptor().memoryPages() * GuestMemory.PAGE_SIZE)
                        : options.checkpointTimeout().toNanos();
                if (now - utility.startedNanos(v) > timeout) {
                    abort(v, "no acknowledgement within " + timeout / 1_000_000 + " ms");
                }
                if (options.triggers().of(v) == CheckpointTrigger.OUTPUT && waitingSince[i] == NOT_WAITING
                        && utility.engine().outputPending(utility.vf(v))) {
                    waitingSince[i] = now;
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
            // A session's full copies all start in the turn that opens it, one after the other: the spec's join
            // seals every VM at once, and no frame or checkpoint of another VM may come between them. A joining
            // pair starts no other checkpoint until every full copy is applied (the spec's syncing primary).
            final boolean fullCopy = fullCopyPending.contains(v);
            if (syncing && !fullCopy) {
                continue;
            }
            if (up && (now >= dueAt || early || output || fullCopy) && utility.canStartCheckpoint(v)) {
                final Message.Checkpoint c = utility.startCheckpoint(v);
                events.action(Action.HAC_START_CHECKPOINT, Action.HAC_START_CHECKPOINT.args(v));
                checkpoints.incrementAndGet();
                if (now < dueAt) {
                    // a signal of the NIC, not the timer, started this one
                    (early ? earlyCheckpoints : outputCheckpoints).incrementAndGet();
                }
                if (waitingSince[i] != NOT_WAITING) {
                    inFlightWaits.recordValue(Math.max(0, (now - waitingSince[i]) / 1000));
                    waitingSince[i] = NOT_WAITING;
                }
                lastStart.put(v, now);
                pagesShipped.addAndGet(c.pageCount());
                bytesShipped.addAndGet(c.pageBytes());
                due.put(v, now + options.epochInterval().toNanos());
                events.flush(); // the secondary's apply must never be logged without this start
                l.send(c);
            }
        }
        if (up && now - lastHeartbeat >= options.heartbeatInterval().toNanos()) {
            lastHeartbeat = now;
            l.send(new Message.Heartbeat(generation));
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
        renewLease(utility.startedNanos(a.vm()) + fencing.lease().toNanos());
        events.action(Action.SECONDARY_APPLY, Action.SECONDARY_APPLY.args(a.vm()));
        final long latency = now - utility.startedNanos(a.vm());
        framesReleased.addAndGet(utility.releaseAcked(a.vm()));
        commits.incrementAndGet();
        // Logged before the protection it may complete: the pair is protected once the last full copy's
        // acknowledgement has been acted on (Fencing.tla's PrimaryProtect follows PrimaryReceiveAck).
        events.action(Action.PRIMARY_RECEIVE_ACK, Action.PRIMARY_RECEIVE_ACK.args(a.vm()));
        // A session's full copy is reported apart, not mixed into the per-epoch figures.
        if (fullCopyPending.remove(a.vm())) {
            initialSyncMicros.accumulateAndGet(latency / 1000, Math::max);
            if (syncing && fullCopyPending.isEmpty()) {
                protect(now);
            }
        } else {
            commitLatency.recordValue(Math.max(0, latency / 1000));
        }
    }

    /**
     * Output stays buffered from the moment the join is adopted (rather than waiting for an epoch boundary): the
     * NIC buffers again at once and every VM's next checkpoint, a full copy, seals the epoch holding every frame
     * since, so nothing leaves that the joiner's copy does not cover, and the VMs never stop. The cost is output
     * latency for the length of the full copy; it is measured ({@link #lastSyncMillis}) and reported.
     */
    private boolean adoptJoin(final long now) {
        final Join j = pendingJoin.getAndSet(null);
        if (j == null) {
            return false;
        }
        if (mode != Mode.UNPROTECTED) {
            log.println("hac primary: join dropped: this host is " + mode.model + ", not unprotected");
            j.link().close();
            return false;
        }
        utility.resumeProtection();
        generation = j.generation();
        mode = Mode.PROTECTED;
        syncing = true;
        syncStartNanos = now;
        joins.incrementAndGet();
        if (fencing.enabled()) {
            leaseUntil = now; // no acknowledgement of the new pair yet: no lease
            leaseExpired = true;
            utility.engine().setLease(leaseUntil);
        }
        lastHeard = now;
        link = j.link();
        session = null;
        claim = null;
        events.fencing(FencingEvent.JOIN, Map.of("gen", generation));
        log.println("hac primary: secondary joining under generation " + generation + ": output buffered again, "
                + "full copies of " + ckptVms.size() + " VMs going out");
        return true;
    }

    private void protect(final long now) {
        syncing = false;
        lastSyncMillis = (now - syncStartNanos) / 1_000_000;
        lastUnprotectedMillis = (now - unprotectedSinceNanos) / 1_000_000;
        protectedAgainMillis = System.currentTimeMillis();
        events.fencing(FencingEvent.PROTECT, Map.of("gen", generation));
        log.println("hac primary: *** PROTECTED again under generation " + generation + ": full copies applied in "
                + lastSyncMillis + " ms after " + lastUnprotectedMillis + " ms unprotected ***");
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
        events.action(Action.HAC_ABORT_CHECKPOINT, Action.HAC_ABORT_CHECKPOINT.args(v));
        log.println("hac primary: checkpoint of " + v + " aborted: " + why + " (its frames stay buffered)");
    }

    /**
     * The secondary received the checkpoint after it started, so it has heard from this primary since then:
     * its takeover waits out {@code start + lease} (stretched by the bounds) from that moment on.
     */
    private void renewLease(final long until) {
        if (!fencing.enabled() || until - leaseUntil <= 0) {
            return;
        }
        leaseUntil = until;
        utility.engine().setLease(until);
        leaseExpired = false;
    }

    /**
     * The fencing rules, once per turn; true when the primary stopped (halted or unprotected). A claim starts
     * when the peer has been silent for the failure timeout and runs on its own thread (the witness may be
     * slow); its answers come back here.
     */
    private boolean fence(final long now, final long heard) {
        if (!leaseExpired && now - leaseUntil >= 0) {
            leaseExpired = true;
            leaseExpiries.incrementAndGet();
            events.fencing(FencingEvent.LEASE_EXPIRE, Map.of());
            log.println("hac primary: lease expired (no acknowledgement for " + fencing.lease().toMillis()
                    + " ms): checkpointed-class output held");
        }
        if (claim == null && now - heard > options.failureTimeout().toNanos()) {
            claim = new Claim(heard);
            log.println("hac primary: secondary silent for " + (now - heard) / 1_000_000 + " ms: claiming generation "
                    + generation + " at the witness " + fencing.witness().describe());
            claim.start();
        }
        if (claim == null) {
            return false;
        }
        if (heard - claim.silentSince > 0 && !claim.healed) {
            claim.healed = true;
            heals.incrementAndGet();
            events.fencing(FencingEvent.HEAL, Map.of());
            log.println("hac primary: secondary heard again while claiming the witness");
        }
        Witness.Answer a;
        while ((a = claim.answers.poll()) != null) {
            if (a == WITHDRAWN) {
                events.fencing(FencingEvent.CLAIM, Map.of("outcome", "withdrawn", "gen", generation));
                log.println("hac primary: claim withdrawn, the secondary is back; staying protected");
                claim = null;
                return false;
            }
            switch (a.outcome()) {
                case WON -> {
                    events.fencing(FencingEvent.CLAIM, Map.of("outcome", "won", "gen", a.generation()));
                    generation = a.generation();
                    utility.engine().setLease(NicEngine.NO_LEASE);
                    secondaryLost(now - heard, "won generation " + a.generation() + " at the witness");
                    return true;
                }
                case LOST -> {
                    events.fencing(FencingEvent.CLAIM, Map.of("outcome", "lost", "gen", a.generation()));
                    halt(a);
                    return true;
                }
                default -> {
                    claimsUnreachable.incrementAndGet();
                    if (claim.unreachable++ == 0) {
                        events.fencing(FencingEvent.CLAIM, Map.of("outcome", "unreachable", "gen", generation));
                        log.println("hac primary: witness unreachable (" + a.detail() + "): staying protected, "
                                + "buffering, retrying");
                    }
                }
            }
        }
        return false;
    }

    /** The secondary won the witness: this host must not be heard from again. */
    private void halt(final Witness.Answer a) {
        final long discarded = utility.engine().halt();
        haltedBy = new Witness.Answer(a.outcome(), a.generation(), a.holder(), false,
                "discarded " + discarded + " frames");
        events.fencing(FencingEvent.HALT, Map.of("gen", a.generation()));
        final Link l = link;
        if (l != null) {
            l.close();
        }
        loop.stop(); // the VMs stop with it: nothing they compute could ever be sent
        log.println("hac primary: *** HALTED: lost the witness to " + a.holder() + " (generation " + a.generation()
                + "); discarded " + discarded + " frames; transmitting nothing more ***");
    }

    /**
     * One claim episode on its own thread: retries an unreachable witness until it answers, and gives up
     * ({@link #WITHDRAWN}) only when the peer was heard again and no attempt can have reached the register: an
     * attempt whose answer was lost may have made this primary the holder, and then the secondary can never win.
     */
    private final class Claim extends Thread {
        final long silentSince;
        final ConcurrentLinkedQueue<Witness.Answer> answers = new ConcurrentLinkedQueue<>();
        volatile boolean healed;
        int unreachable;

        Claim(final long silentSince) {
            super("hac-primary-claim");
            setDaemon(true);
            this.silentSince = silentSince;
        }

        @Override
        public void run() {
            boolean maybeApplied = false;
            while (true) {
                if (healed && !maybeApplied) {
                    answers.add(WITHDRAWN);
                    loop.wakeup();
                    return;
                }
                final Witness.Answer a = fencing.witness().claim(generation, claimant);
                answers.add(a);
                loop.wakeup();
                if (a.outcome() != Witness.Outcome.UNREACHABLE) {
                    return;
                }
                maybeApplied |= a.maybeApplied();
                try {
                    Thread.sleep(RETRY_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static final long RETRY_MS = 100;
    private static final int FULL_COPY_FACTOR = 10;
    /** Only a stalled copy is slower: loopback copies 64 MiB in about 0.3 s quiet and 8 s at load 20. */
    private static final long FULL_COPY_FLOOR_BYTES_PER_S = 4L << 20;

    /**
     * How long a session's full copy may go unacknowledged: it is the whole memory, not an epoch's dirty pages,
     * and aborting it only starts it over, so a fixed multiple of the epoch's timeout never lets a large VM be
     * protected on a loaded machine. It gets that multiple plus its size at a floor rate.
     */
    static long fullCopyTimeoutNanos(final Duration checkpointTimeout, final long memoryBytes) {
        return checkpointTimeout.toNanos() * FULL_COPY_FACTOR + memoryBytes * 1_000_000_000L / FULL_COPY_FLOOR_BYTES_PER_S;
    }
    private static final Witness.Answer WITHDRAWN = Witness.Answer.unreachable(false, "withdrawn: the peer is back");

    private void secondaryLost(final long silentNanos, final String why) {
        final long released = utility.secondaryLost(ckptVms);
        secondaryLosses.incrementAndGet();
        releasedAtLoss.addAndGet(released);
        mode = Mode.UNPROTECTED;
        syncing = false;
        unprotectedSinceMillis = System.currentTimeMillis();
        unprotectedSinceNanos = System.nanoTime();
        events.action(Action.PRIMARY_DETECT_SECONDARY_LOSS, Action.PRIMARY_DETECT_SECONDARY_LOSS.args(ckptVms));
        final Link l = link;
        if (l != null) {
            l.close();
        }
        log.println("hac primary: *** SECONDARY LOST: silent for " + silentNanos / 1_000_000
                + " ms, " + why + ". Released " + released + " buffered frames; running UNPROTECTED (no checkpoints, no buffering) ***");
    }
}
