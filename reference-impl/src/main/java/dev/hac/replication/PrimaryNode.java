package dev.hac.replication;

import dev.hac.fencing.Witness;
import dev.hac.host.EventSink;
import dev.hac.host.HacUtility;
import dev.hac.host.HostLoop;
import dev.hac.host.Mode;
import dev.hac.host.UdpTransmitter;
import dev.hac.host.Vm;
import dev.hac.nic.FrameSink;
import dev.hac.nic.HoldReason;
import dev.hac.nic.NicConfig;
import dev.hac.nic.NicEngine;
import dev.hac.nic.PcapngFileSink;
import dev.hac.wire.MessageRejected;
import dev.hac.wire.SharedKey;
import dev.hac.wire.VmDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A live primary host: boots the VMs, lets the HAC utility configure the NIC
 * engine before any VM sends (R2), binds the VMs' service ports, claims the next
 * generation at the witness (with fencing), connects to the secondary and runs the
 * host loop with the {@link PrimaryReplicator}. A reconnect thread re-establishes a
 * broken link while the pair is protected.
 */
public final class PrimaryNode implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 200;

    private final List<VmDescriptor> descriptors;
    private final InetSocketAddress secondary;
    private final SharedKey key;
    private final LiveOptions options;
    private final Fencing fencing;
    private final String claimant = Claimants.of("primary");
    private final String bindHost;
    private final PrintStream log;
    private final java.nio.file.Path eventLogFile;
    private NdjsonEventLog eventLog;
    private HacUtility utility;
    private HostLoop loop;
    private PrimaryReplicator replicator;
    private UdpTransmitter transmitter;
    private PcapngFileSink capture;
    private Map<String, DatagramChannel> services;
    private Thread loopThread;
    private volatile boolean running;
    private final Histogram latency = new Histogram(3);
    private final AtomicLong refusedPeers = new AtomicLong();
    private InetSocketAddress joinAddress;
    private java.net.ServerSocket joinServer;
    private final JoinDesk joins;
    private long lastCommits;
    private long lastStatusNanos = System.nanoTime();

    public PrimaryNode(final List<VmDescriptor> vms, final InetSocketAddress secondary, final SharedKey key,
                       final LiveOptions options, final Fencing fencing, final String bindHost,
                       final java.nio.file.Path eventLog, final PrintStream log) {
        this.descriptors = List.copyOf(vms);
        this.secondary = secondary;
        this.key = key;
        this.options = options;
        this.fencing = fencing;
        this.bindHost = bindHost;
        this.eventLogFile = eventLog;
        this.log = log;
        this.joins = new JoinDesk(key, options, fencing, claimant, descriptors, "primary", log);
    }

    /**
     * Listens on {@code at} for joining secondaries (call before {@link #start}): while this host runs unprotected,
     * an authenticated joiner with a matching VM set and no newer generation becomes its new secondary under a
     * generation the witness registers.
     */
    public void listenForJoiners(final InetSocketAddress at) {
        this.joinAddress = at;
    }

    /** The address joiners connect to (bound by {@link #start}), or null when not listening. */
    public InetSocketAddress joinAddress() {
        return joinServer == null ? null : (InetSocketAddress) joinServer.getLocalSocketAddress();
    }

    /** Joins refused, by reason. */
    public Map<String, Long> joinRefusals() {
        return joins.refusals();
    }

    private void acceptJoiners() {
        while (running) {
            try {
                joins.handle(joinServer.accept(), replicator);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Also writes every transmitted frame to {@code sink} (call before {@link #start}); closed with this node. */
    public void captureTo(final PcapngFileSink sink) {
        this.capture = sink;
    }

    /**
     * Starts the host and waits up to {@code connectWithin} ms for the secondary
     * (its first full checkpoints then go out at once).
     *
     * @throws IOException when a port cannot be bound, the witness does not grant a generation, or the secondary
     *                     cannot be reached or refuses the key
     */
    public void start(final long connectWithinMillis) throws IOException {
        final long generation = fencing.enabled() ? claimFirstGeneration(connectWithinMillis) : 0;
        final List<Vm> vms = new ArrayList<>();
        for (final VmDescriptor d : descriptors) {
            vms.add(Vm.boot(d));
        }
        transmitter = new UdpTransmitter(Math.max(1, vms.size()));
        final NicConfig nic = NicConfig.defaults().withMaxVfs(Math.max(1, vms.size())).withPolicy(options.policy())
                .withBuffering(options.outputBuffering());
        utility = new HacUtility(new NicEngine(nic, capture == null ? transmitter : FrameSink.tee(transmitter, capture)),
                vms, options.limits());
        if (capture != null) {
            descriptors.forEach(d -> capture.nameVm(utility.vf(d.id()), d.id()));
        }
        services = ServicePorts.bind(bindHost, descriptors, false);
        services.forEach((id, ch) -> transmitter.attach(utility.vf(id), ch));
        EventSink events = EventSink.NONE;
        if (eventLogFile != null) {
            eventLog = NdjsonEventLog.primary(eventLogFile, utility, options, bindHost, fencing.enabled(), generation);
            transmitter.listen(eventLog::wire);
            events = eventLog;
        }
        loop = new HostLoop(utility, services, options.bulkFramesPerSecond(), events);
        replicator = new PrimaryReplicator(utility, loop, options, fencing, claimant, events, log);
        replicator.holdGeneration(generation);
        if (eventLog != null) {
            eventLog.attach(replicator);
        }
        loop.setAgent(replicator);
        final long deadline = System.nanoTime() + connectWithinMillis * 1_000_000;
        Link first = null;
        IOException lastError = null;
        while (first == null && System.nanoTime() < deadline) {
            try {
                first = connect();
            } catch (IOException e) {
                lastError = e;
                sleep(50);
            }
        }
        if (first == null) {
            ServicePorts.closeAll(services);
            throw new IOException("secondary " + secondary + " not reachable within " + connectWithinMillis + " ms: "
                    + (lastError == null ? "timeout" : lastError.getMessage()), lastError);
        }
        replicator.attach(first);
        running = true;
        loopThread = new Thread(loop, "hac-primary-host");
        loopThread.start();
        if (joinAddress != null) {
            joinServer = new java.net.ServerSocket();
            joinServer.setReuseAddress(true);
            joinServer.bind(joinAddress);
            final Thread joins = new Thread(this::acceptJoiners, "hac-primary-joins");
            joins.setDaemon(true);
            joins.start();
        }
        final Thread reconnect = new Thread(this::reconnectLoop, "hac-primary-reconnect");
        reconnect.setDaemon(true);
        reconnect.start();
    }

    /**
     * A primary starts by taking the next generation, so that a stale primary of an earlier run (or one the
     * secondary already replaced) loses any claim it makes later.
     */
    private long claimFirstGeneration(final long withinMillis) throws IOException {
        final long deadline = System.nanoTime() + withinMillis * 1_000_000;
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            final Witness.Answer r = fencing.witness().read();
            if (r.outcome() == Witness.Outcome.READ) {
                if (r.holder().equals(claimant)) {
                    return r.generation(); // an earlier attempt of ours was granted, its answer lost
                }
                final Witness.Answer c = fencing.witness().claim(r.generation(), claimant);
                if (c.outcome() == Witness.Outcome.WON) {
                    log.println("hac primary: holding generation " + c.generation() + " at the witness "
                            + fencing.witness().describe());
                    return c.generation();
                }
                last = c.detail();
            } else {
                last = r.detail();
            }
            sleep(50);
        }
        throw new IOException("the witness " + fencing.witness().describe() + " granted no generation within "
                + withinMillis + " ms: " + last);
    }

    private Link connect() throws IOException {
        final Socket s = new Socket();
        try {
            s.connect(secondary, CONNECT_TIMEOUT_MS);
            final Link l = Link.primary(s, key, (int) options.epochInterval().toNanos() / 1000,
                    (int) options.heartbeatInterval().toNanos() / 1000, descriptors);
            l.start("hac-repl", replicator);
            return l;
        } catch (MessageRejected e) {
            refusedPeers.incrementAndGet();
            s.close();
            throw new IOException("the secondary failed the handshake (" + e.getMessage() + "): wrong key?", e);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private void reconnectLoop() {
        while (running && replicator.mode() == Mode.PROTECTED && replicator.haltedBy() == null) {
            if (!replicator.linkUp()) {
                try {
                    replicator.attach(connect());
                    log.println("hac primary: replication link re-established");
                } catch (IOException e) {
                    // keep trying until the failure timeout turns the pair unprotected
                }
            }
            sleep(20);
        }
    }

    private static void sleep(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public PrimaryReplicator replicator() {
        return replicator;
    }

    public HostLoop loop() {
        return loop;
    }

    /** Peers that failed the handshake (wrong key, replayed HELLO, no key confirmation): never attached. */
    public long refusedPeers() {
        return refusedPeers.get();
    }

    /**
     * Status figures since start; call from one thread (the status printer). Engine occupancy is read without
     * the host loop's ownership: a racy but harmless snapshot of a few counters.
     */
    public synchronized Status status() {
        latency.add(replicator.commitLatency().getIntervalHistogram());
        final long now = System.nanoTime();
        final long commits = replicator.commits();
        final double rate = (commits - lastCommits) * 1e9 / Math.max(1, now - lastStatusNanos);
        lastCommits = commits;
        lastStatusNanos = now;
        int buffered = 0;
        for (final String v : utility.checkpointingVms()) {
            buffered += utility.engine().bufferedFrames(utility.vf(v));
        }
        return new Status(replicator.mode().model, replicator.linkUp(), replicator.checkpoints(), commits,
                replicator.aborts(), replicator.earlyCheckpoints(), rate, latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0, buffered,
                replicator.framesReleased(), transmitter.sent(), loop.requests(), replicator.pagesShipped(),
                replicator.initialSyncMicros() / 1000.0, replicator.secondaryLosses(), replicator.releasedAtLoss(),
                refusedPeers.get(), replicator.generation(), replicator.leaseExpiries(),
                utility.engine().holds(HoldReason.LEASE_EXPIRED), replicator.claimsUnreachable(),
                replicator.haltedBy() != null, replicator.syncing(), replicator.unprotectedSinceMillis(),
                replicator.protectedAgainMillis(), replicator.joins(),
                joins.refused());
    }

    /**
     * Waits of the output signal behind a checkpoint in flight since the previous call (microseconds; see
     * {@link PrimaryReplicator#inFlightWaits}); the caller owns the copy.
     */
    public Histogram inFlightWaits() {
        return replicator.inFlightWaits().getIntervalHistogram();
    }

    /** The witness answer that halted this primary (it lost its generation), or null while it runs. */
    public Witness.Answer haltedBy() {
        return replicator == null ? null : replicator.haltedBy();
    }

    /**
     * One status sample. Latencies in milliseconds; rate in commits per second since the previous sample.
     * {@code framesReleased} counts releases by acknowledgement; {@code releasedAtLoss} the frames let out
     * uncommitted when the secondary was lost ({@code secondaryLosses} times); {@code refusedPeers} the peers
     * that failed the handshake; {@code earlyCheckpoints} the checkpoints the NIC's high-water signal started
     * before their interval was up. Fencing: {@code generation} held at the witness (0 without fencing),
     * {@code leaseExpiries} times the lease ran out, {@code leaseHolds} NIC transmit calls that held
     * checkpointed-class output for want of a lease, {@code claimsUnreachable} claims the witness did not answer.
     */
    public record Status(String mode, boolean linkUp, long checkpoints, long commits, long aborts, long earlyCheckpoints,
                         double commitsPerSecond, double p50Ms, double p99Ms, double maxMs, int bufferedFrames,
                         long framesReleased, long framesSent, long requests, long pagesShipped, double initialSyncMs,
                         long secondaryLosses, long releasedAtLoss, long refusedPeers, long generation,
                         long leaseExpiries, long leaseHolds, long claimsUnreachable, boolean halted, boolean syncing,
                         long unprotectedSinceMillis, long protectedAgainMillis, long joins, long joinsRefused) {
        public String line() {
            return String.format("mode=%s link=%s ckpt/s=%.1f commits=%d aborts=%d early=%d "
                            + "commit p50=%.2fms p99=%.2fms max=%.2fms buffered=%d released=%d sent=%d requests=%d "
                            + "secondaryLosses=%d releasedAtLoss=%d refusedPeers=%d generation=%d leaseExpiries=%d "
                            + "leaseHolds=%d claimsUnreachable=%d joins=%d joinsRefused=%d%s",
                    halted ? "HALTED" : syncing ? "syncing" : mode, linkUp ? "up" : "DOWN", commitsPerSecond, commits, aborts, earlyCheckpoints,
                    p50Ms, p99Ms, maxMs, bufferedFrames, framesReleased, framesSent, requests, secondaryLosses,
                    releasedAtLoss, refusedPeers, generation, leaseExpiries, leaseHolds, claimsUnreachable, joins, joinsRefused,
                    unprotectedSinceMillis != 0 ? " UNPROTECTED since " + java.time.Instant.ofEpochMilli(unprotectedSinceMillis)
                            + " (" + (System.currentTimeMillis() - unprotectedSinceMillis) / 1000 + " s)"
                            : protectedAgainMillis != 0 ? " protected again since "
                            + java.time.Instant.ofEpochMilli(protectedAgainMillis) : "");
        }
    }

    @Override
    public void close() {
        running = false;
        if (joinServer != null) {
            try {
                joinServer.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        if (loop != null) {
            loop.stop();
        }
        if (loopThread != null) {
            try {
                loopThread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (services != null) {
            ServicePorts.closeAll(services);
        }
        if (eventLog != null) {
            try {
                eventLog.close();
            } catch (IOException e) {
                log.println("hac primary: event log: " + e.getMessage());
            }
        }
        closeCapture(capture, "hac primary", log);
    }

    /** Flushes the event log, if any (called by the status thread: a killed primary keeps what was flushed). */
    public void flushEventLog() {
        if (eventLog != null) {
            synchronized (eventLog) {
                eventLog.flush();
            }
        }
    }

    /** Closes {@code capture} if there is one, reporting a write failure and frames left out on {@code log}. */
    static void closeCapture(final PcapngFileSink capture, final String who, final PrintStream log) {
        if (capture == null) {
            return;
        }
        try {
            capture.close();
        } catch (IOException e) {
            log.println(who + ": " + e.getMessage());
        }
        if (capture.dropped() > 0) {
            log.println(who + ": capture " + capture.path() + ": " + capture.dropped()
                    + " frames left out (writer behind)");
        }
    }
}
