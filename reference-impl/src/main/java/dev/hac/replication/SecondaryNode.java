package dev.hac.replication;

import dev.hac.fencing.Witness;
import dev.hac.host.CheckpointRefused;
import dev.hac.host.EventSink;
import dev.hac.host.HacUtility;
import dev.hac.host.HostLoop;
import dev.hac.host.Standby;
import dev.hac.host.UdpTransmitter;
import dev.hac.nic.FrameSink;
import dev.hac.nic.NicConfig;
import dev.hac.nic.PcapngFileSink;
import dev.hac.wire.Message;
import dev.hac.wire.MessageRejected;
import dev.hac.wire.SharedKey;
import dev.hac.wire.VmDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.DatagramChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live secondary host: accepts the primary's authenticated session, applies
 * each checkpoint whole before acknowledging it, sends heartbeats, learns the
 * primary's witness generation from its heartbeats, and takes over when the
 * primary is lost. With fencing ({@link Fencing}) that means: the primary has been
 * silent for {@link Fencing#takeoverSilence()} and this host won the witness for
 * the primary's generation (lost: it stands by; unreachable: it retries). Without
 * fencing, silence for the failure timeout is enough (the naive rule, unsafe under
 * partitions and pauses). Takeover restores every checkpointing VM from its last
 * applied checkpoint onto a fresh, non-buffering NIC engine with the same MACs and
 * VF numbers, binds the service ports and resumes the guests.
 */
public final class SecondaryNode implements AutoCloseable {

    /** What a takeover did, for the status line and {@code hac demo}. */
    public record Takeover(long silentMillis, long restoreMillis, Map<String, Long> restoredSeq,
                           Map<String, Long> restoredEpoch, long generation) {
    }

    private final InetSocketAddress listen;
    private final SharedKey key;
    private final LiveOptions options;
    private final Fencing fencing;
    private final String claimant = Claimants.of("secondary");
    private final String bindHost;
    private final PrintStream log;
    private ServerSocket server;
    private volatile Standby standby;
    private volatile Link link;
    private volatile long lastHeard;
    private volatile boolean everConnected;
    /** The generation the primary of the current session holds (from its heartbeats); 0 until one arrived. */
    private volatile long generation;
    /** Won at the witness: the session is over and this host serves once the silence is long enough. */
    private volatile long won;
    /** The generation whose claim this host lost: that primary keeps the VMs; only a newer session counts. */
    private volatile long lostGeneration;
    private volatile boolean claimMayHaveApplied;
    private final AtomicLong claimsUnreachable = new AtomicLong();
    /** Orders a checkpoint's apply against a claim's outcome (see {@link #endSession}). */
    private final Object applyLock = new Object();
    private volatile boolean running;
    /** Every checkpointing VM of the standby has applied a checkpoint (a joiner mid-sync cannot take over). */
    private volatile boolean synced;
    /** The newest generation heard from any primary: older ones are refused. */
    private volatile long newestGeneration;
    private final AtomicLong staleGenerations = new AtomicLong();
    private volatile Takeover takeover;
    private volatile boolean waitingForPorts;
    private HostLoop loop;
    /** After a takeover: this host's replication as the primary that secondaries join. */
    private volatile PrimaryReplicator replicator;
    private volatile JoinDesk joins;
    private PcapngFileSink capture;
    private SecondaryEventLog events;
    private Map<String, DatagramChannel> services;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong refusedPeers = new AtomicLong();
    /** Times this host stood still past a quarter of the failure timeout: not counted as the primary's silence. */
    private final AtomicLong ownStalls = new AtomicLong();

    public SecondaryNode(final InetSocketAddress listen, final SharedKey key, final LiveOptions options,
                         final Fencing fencing, final String bindHost, final PrintStream log) {
        this.listen = listen;
        this.key = key;
        this.options = options;
        this.fencing = fencing;
        this.bindHost = bindHost;
        this.log = log;
    }

    /** Binds the listening socket and starts accepting; returns the bound address (port 0 picks one). */
    public InetSocketAddress start() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(listen);
        running = true;
        daemon(this::acceptLoop, "hac-secondary-accept");
        daemon(this::monitorLoop, "hac-secondary-monitor");
        daemon(this::heartbeatLoop, "hac-secondary-heartbeat");
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private static int replicated(final Standby s) {
        return (int) s.vms().stream().filter(VmDescriptor::checkpointing).count();
    }

    private static void daemon(final Runnable r, final String name) {
        final Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    public Takeover takeover() {
        return takeover;
    }

    public boolean connected() {
        final Link l = link;
        return l != null && !l.isClosed();
    }

    public long applied() {
        return applied.get();
    }

    /** Checkpoints refused (not acknowledged), all reasons; {@link Standby#refusals} has them by reason. */
    public long refused() {
        final Standby s = standby;
        return s == null ? 0 : s.refusals();
    }

    /** Stalls of this host (GC pause, SIGSTOP, starved CPU) not counted as the primary's silence ({@link PeerSilence}). */
    public long ownStalls() {
        return ownStalls.get();
    }

    public long refusedPeers() {
        return refusedPeers.get();
    }

    /** The generation this host lost at the witness (0: none): the primary of that generation keeps the VMs. */
    public long lostGeneration() {
        return lostGeneration;
    }

    /** Claim attempts the witness did not answer. */
    public long claimsUnreachable() {
        return claimsUnreachable.get();
    }

    public Standby standby() {
        return standby;
    }

    private void acceptLoop() {
        while (running) {
            final Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // server closed
            }
            final PrimaryReplicator r = replicator;
            if (r != null) {
                joins.handle(s, r); // this host took over: whoever connects now is a joining secondary
                continue;
            }
            if (won != 0) {
                // No handshake: a completed one would tell the old primary that its peer is alive and delay its claim.
                close(s);
                continue;
            }
            try {
                adopt(s, Link.secondary(s, key, (int) options.heartbeatInterval().toNanos() / 1000), false);
            } catch (MessageRejected e) {
                refusedPeers.incrementAndGet();
                log.println("hac secondary: REFUSED peer " + s.getRemoteSocketAddress() + ": " + e.getMessage());
                close(s);
            } catch (IOException e) {
                log.println("hac secondary: handshake with " + s.getRemoteSocketAddress() + " failed: " + e.getMessage());
                close(s);
            }
        }
    }

    /**
     * Makes {@code l} the session with the primary. A joined session starts a fresh standby (the joiner holds
     * nothing of that primary), swapped in only when its first checkpoint arrives: a join the primary refuses
     * sends none, and must not cost this host the standby it may still take over from.
     */
    private void adopt(final Socket s, final Link l, final boolean joined) {
        final Message.Hello hello = l.peerHello();
        synchronized (this) {
            // A close() that ran during the handshake must not leave this session acknowledging checkpoints.
            if (!running || takeover != null || won != 0) {
                l.close();
                return;
            }
            if (!joined && standby == null) {
                standby = new Standby(hello.vms());
            } else if (!joined && !standby.vms().equals(hello.vms())) {
                log.println("hac secondary: refused a primary with another VM list: " + hello.vms());
                l.close();
                return;
            }
            final Link old = link;
            if (old != null && !old.isClosed()) {
                // Whatever the old link was still receiving is dropped unapplied; say so, or the log
                // would show a reconnection with no reason for it.
                log.println("hac secondary: a new connection replaces the open link to the primary");
                old.close();
            }
            lastHeard = System.nanoTime();
            link = l;
            if (events != null) {
                events.open(hello.vms());
            }
            generation = 0; // learnt again from this session's heartbeats
            everConnected = true;
            waitingForPorts = false;
        }
        l.start("hac-repl", new Receiver(l, joined ? new Standby(hello.vms()) : null));
        log.println("hac secondary: primary " + s.getRemoteSocketAddress() + (joined ? " joined" : " connected")
                + ", replicating " + hello.vms().size() + " VMs");
    }

    /**
     * Joins the primary at {@code primary} (after {@link #start}), and joins it again whenever the session ends
     * while this host has not won the witness: a primary that went unprotected is re-protected as soon as this host
     * reaches it. {@code expectedVms} (empty: any) is the VM set this host expects that primary to run.
     */
    public void join(final InetSocketAddress primary, final List<VmDescriptor> expectedVms) {
        final Thread t = new Thread(() -> joinLoop(primary, List.copyOf(expectedVms)), "hac-secondary-join");
        t.setDaemon(true);
        t.start();
    }

    private void joinLoop(final InetSocketAddress primary, final List<VmDescriptor> expectedVms) {
        while (running && takeover == null) {
            if (won == 0 && !connected()) {
                final Socket s = new Socket();
                try {
                    s.connect(primary, 200);
                    adopt(s, Link.secondary(s, key, (int) options.heartbeatInterval().toNanos() / 1000, expectedVms,
                            newestGeneration), true);
                } catch (MessageRejected e) {
                    refusedPeers.incrementAndGet();
                    log.println("hac secondary: REFUSED primary " + primary + ": " + e.getMessage());
                    close(s);
                } catch (IOException e) {
                    close(s); // not there yet, or it refused the join: try again
                }
            }
            try {
                Thread.sleep(JOIN_RETRY_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static final long JOIN_RETRY_MS = 200;

    /** Heartbeats of a generation older than one this host has seen, refused (the session closed). */
    public long staleGenerations() {
        return staleGenerations.get();
    }

    /** True once every checkpointing VM of the current standby has applied a checkpoint: it can take over. */
    public boolean synced() {
        return synced;
    }

    private static void close(final Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already broken
        }
    }

    /** Applies checkpoints and acknowledges them, on the link's reader thread. */
    private final class Receiver implements Link.Listener {
        private final Link l;
        private Standby fresh;
        private final java.util.Set<String> appliedVms = new java.util.HashSet<>();

        Receiver(final Link l, final Standby fresh) {
            this.l = l;
            this.fresh = fresh;
        }

        @Override
        public void received(final Message m) {
            if (won != 0) {
                return; // this host won the witness: nothing the old primary says counts any more
            }
            lastHeard = System.nanoTime();
            if (m instanceof Message.Heartbeat h && l == link && h.generation() > 0) {
                if (h.generation() < newestGeneration) {
                    staleGenerations.incrementAndGet();
                    log.println("hac secondary: REFUSED the primary's generation " + h.generation()
                            + ", older than generation " + newestGeneration + ": closing the session");
                    l.close();
                    return;
                }
                generation = Math.max(generation, h.generation());
                newestGeneration = Math.max(newestGeneration, h.generation());
            }
            if (m instanceof Message.Checkpoint c) {
                if (takeover != null) {
                    return;
                }
                if (fresh != null) {
                    synchronized (SecondaryNode.this) {
                        if (l != link) {
                            return;
                        }
                        standby = fresh;
                        synced = false;
                    }
                    fresh = null;
                }
                try {
                    final long epoch;
                    // One lock with claim(): a checkpoint is applied (and logged) before a claim's outcome, or
                    // not at all once the session ended with it. The acknowledgement goes outside: a send that
                    // blocks on a cut link must not hold up the claim.
                    synchronized (applyLock) {
                        if (l.isClosed() || won != 0) {
                            return;
                        }
                        final Standby s = standby;
                        epoch = s.apply(c);
                        if (events != null) {
                            events.applied(c.vm(), s);
                        }
                    }
                    applied.incrementAndGet();
                    if (!synced && appliedVms.add(c.vm()) && appliedVms.size() == replicated(standby)) {
                        synced = true;
                    }
                    l.send(new Message.Ack(c.vm(), epoch));
                } catch (CheckpointRefused e) {
                    // Not acknowledged: the primary's checkpoint times out and aborts; its frames stay buffered.
                    log.println("hac secondary: checkpoint refused, not acknowledged: " + e.getMessage());
                }
            }
        }

        @Override
        public void closed(final String why) {
            log.println("hac secondary: link to the primary lost: " + why);
        }
    }

    /** Heartbeats on their own timer: a long checkpoint apply on the reader thread must not look like a dead secondary. */
    private void heartbeatLoop() {
        final long every = Math.max(1, options.heartbeatInterval().toMillis());
        while (running && takeover == null) {
            final Link l = link;
            if (l != null && !l.isClosed()) {
                l.send(new Message.Heartbeat(generation));
            }
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void monitorLoop() {
        final PeerSilence silence = new PeerSilence(options.failureTimeout().toNanos() / 4);
        while (running && takeover == null) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
            if (!everConnected || !synced) {
                continue; // nothing whole to take over with (a joiner mid-sync, or not yet replicated)
            }
            final Link l = link;
            final long stalls = silence.stalls();
            final long silent = silence.silentNanos(System.nanoTime(), l == null || won != 0 ? lastHeard
                    : Math.max(lastHeard, l.lastReceiveNanos()));
            if (silence.stalls() > stalls) {
                ownStalls.incrementAndGet();
            }
            if (!fencing.enabled()) {
                if (silent > options.failureTimeout().toNanos() && tryTakeover(silent)) {
                    return;
                }
                continue;
            }
            final boolean longEnough = silent > fencing.takeoverSilence().toNanos();
            if (won != 0) {
                if (longEnough && tryTakeover(silent)) {
                    return;
                }
            } else if (longEnough || claimMayHaveApplied) {
                claim(silent);
            }
        }
    }

    /**
     * Claims the primary's generation. Won: the session ends at once (no more acknowledgements, so no more lease
     * for the primary) and the takeover follows when the silence is long enough. Lost: the primary keeps the
     * VMs. Unreachable: retried while the primary stays silent, or until an answer if the claim may have reached
     * the register (then the register may already name this host, and the primary can never win).
     */
    private void claim(final long silentNanos) {
        final long g = generation;
        if (g == 0 || g <= lostGeneration) {
            return; // no generation learnt from this session, or lost already: nothing to claim
        }
        final Witness.Answer a = fencing.witness().claim(g, claimant);
        switch (a.outcome()) {
            case WON -> {
                endSession(() -> won = a.generation(), "won", a.generation());
                log.println("hac secondary: won generation " + a.generation() + " at the witness after "
                        + silentNanos / 1_000_000 + " ms of silence");
            }
            case LOST -> {
                endSession(() -> lostGeneration = g, "lost", a.generation());
                log.println("hac secondary: LOST the witness (" + a.detail() + "): the primary keeps the VMs; "
                        + "session ended, standing by for a new one (a join), not taking over");
            }
            default -> {
                claimMayHaveApplied |= a.maybeApplied();
                if (claimsUnreachable.getAndIncrement() == 0) {
                    log.println("hac secondary: witness unreachable (" + a.detail() + "): not taking over; retrying");
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * A claim was answered: the session it was made in ends (a winner hears nothing more from the old primary, a
     * loser is down for that primary, as in the spec), atomically with the applies of that session.
     */
    private void endSession(final Runnable outcome, final String logged, final long answeredGeneration) {
        synchronized (applyLock) {
            outcome.run();
            claimMayHaveApplied = false;
            if (events != null) {
                events.claim(logged, answeredGeneration);
            }
            final Link l = link;
            if (l != null) {
                l.close();
            }
        }
    }

    private synchronized boolean tryTakeover(final long silentNanos) {
        final Standby s = standby;
        final Map<String, DatagramChannel> ports;
        try {
            ports = ServicePorts.bind(bindHost, s.vms(), true);
        } catch (IOException e) {
            // Only where both hosts share one address; the fence is the witness, this merely waits for the port.
            if (!waitingForPorts) {
                waitingForPorts = true;
                log.println("hac secondary: cannot bind the service ports yet (" + e.getMessage() + "); retrying");
            }
            return false;
        }
        final long start = System.nanoTime();
        final Link l = link;
        if (l != null) {
            l.close();
        }
        final Standby.Restored restored;
        try {
            final UdpTransmitter tx = new UdpTransmitter(Math.max(1, s.vms().size()));
            final NicConfig nic = NicConfig.defaults().withMaxVfs(Math.max(1, s.vms().size())).withPolicy(options.policy());
            restored = s.takeover(Standby.failoverEngine(nic, capture == null ? tx : FrameSink.tee(tx, capture)),
                    options.limits());
            final HacUtility utility = restored.utility();
            if (capture != null) {
                restored.checkpoints().keySet().forEach(id -> capture.nameVm(utility.vf(id), id));
            }
            services = ports;
            ports.forEach((id, ch) -> tx.attach(utility.vf(id), ch));
            final NdjsonEventLog primaryLog = events == null || !events.opened() ? null : events.tookOver(restored);
            final EventSink sink = primaryLog == null ? EventSink.NONE : primaryLog;
            if (primaryLog != null) {
                tx.listen(primaryLog::wire);
            }
            loop = new HostLoop(utility, ports, options.bulkFramesPerSecond(), sink);
            final PrimaryReplicator r = new PrimaryReplicator(utility, loop, options, fencing, claimant, sink, log);
            if (primaryLog != null) {
                primaryLog.attach(r);
            }
            r.startUnprotected(won);
            loop.setAgent(r);
            joins = new JoinDesk(key, options, fencing, claimant, s.vms(), "secondary (took over)", log);
            replicator = r;
            final Thread t = new Thread(loop, "hac-secondary-host");
            t.start();
        } catch (IOException e) {
            ServicePorts.closeAll(ports);
            log.println("hac secondary: takeover failed: " + e.getMessage());
            return false;
        }
        // What was restored, not what the replicas hold now: the link's reader may have applied one more since.
        final Map<String, Long> seq = new LinkedHashMap<>();
        final Map<String, Long> epoch = new LinkedHashMap<>();
        restored.checkpoints().forEach((id, c) -> {
            seq.put(id, c.seq());
            epoch.put(id, c.epoch());
        });
        takeover = new Takeover(silentNanos / 1_000_000, (System.nanoTime() - start) / 1_000_000, seq, epoch, won);
        log.println("hac secondary: *** TAKEOVER: primary silent " + takeover.silentMillis() + " ms; restored "
                + seq.size() + " VMs from their last applied checkpoints in " + takeover.restoreMillis() + " ms "
                + epoch + "; now serving ***");
        return true;
    }

    /** This host's replication once it took over (it is then the primary that secondaries join), or null. */
    public PrimaryReplicator replicator() {
        return replicator;
    }

    /** After a takeover: the witness answer that halted this host (a joined secondary won), or null while it runs. */
    public Witness.Answer haltedBy() {
        final PrimaryReplicator r = replicator;
        return r == null ? null : r.haltedBy();
    }

    /** Joins refused since this host took over, by reason. */
    public Map<String, Long> joinRefusals() {
        final JoinDesk j = joins;
        return j == null ? Map.of() : j.refusals();
    }

    public HostLoop loop() {
        return loop;
    }

    @Override
    public void close() {
        running = false;
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing
        }
        final Link l;
        synchronized (this) { // with adopt(): a handshake that ends now sees running false and closes its link
            l = link;
        }
        if (l != null) {
            l.close();
        }
        if (loop != null) {
            loop.stop();
        }
        if (services != null) {
            ServicePorts.closeAll(services);
        }
        PrimaryNode.closeCapture(capture, "hac secondary", log);
        if (events != null) {
            events.close();
        }
    }

    /**
     * Writes this host's event log to {@code file} (call before {@link #start}), created when the first primary
     * connects; {@link SecondaryEventLog} says what it holds.
     */
    public void eventLog(final java.nio.file.Path file) {
        this.events = new SecondaryEventLog(file, bindHost, options);
    }

    /** After a takeover, also writes every transmitted frame to {@code sink} (call before {@link #start}); closed with this node. */
    public void captureTo(final PcapngFileSink sink) {
        this.capture = sink;
    }
}
