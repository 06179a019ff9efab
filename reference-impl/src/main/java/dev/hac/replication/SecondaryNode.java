package dev.hac.replication;

import dev.hac.host.CheckpointRefused;
import dev.hac.host.EventSink;
import dev.hac.host.HacUtility;
import dev.hac.host.HostLoop;
import dev.hac.host.KvService;
import dev.hac.host.Standby;
import dev.hac.host.UdpTransmitter;
import dev.hac.nic.FrameSink;
import dev.hac.nic.NicConfig;
import dev.hac.nic.PcapngFileSink;
import dev.hac.wire.Message;
import dev.hac.wire.MessageRejected;
import dev.hac.wire.SharedKey;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.DatagramChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live secondary host: accepts the primary's authenticated session, applies
 * each checkpoint whole before acknowledging it, answers heartbeats, and takes
 * over when the primary is lost: the link broke or went silent for the failure
 * timeout, and the primary's service ports are free (on one machine a live
 * primary holds them, so this is the fence against a split brain). Takeover
 * restores every checkpointing VM from its last applied checkpoint onto a fresh,
 * non-buffering NIC engine with the same MACs and VF numbers, binds the service
 * ports and resumes the guests.
 */
public final class SecondaryNode implements AutoCloseable {

    /** What a takeover did, for the status line and {@code hac demo}. */
    public record Takeover(long silentMillis, long restoreMillis, Map<String, Long> restoredSeq, Map<String, Long> restoredEpoch) {
    }

    private final InetSocketAddress listen;
    private final SharedKey key;
    private final LiveOptions options;
    private final String bindHost;
    private final PrintStream log;
    private ServerSocket server;
    private volatile Standby standby;
    private volatile Link link;
    private volatile long lastHeard;
    private volatile boolean everConnected;
    /** The connected primary runs on this machine, so its service ports fence it (see {@link ServicePorts}). */
    private volatile boolean primaryOnThisHost;
    private volatile boolean running;
    private volatile Takeover takeover;
    private volatile boolean waitingForPorts;
    private HostLoop loop;
    private PcapngFileSink capture;
    private Map<String, DatagramChannel> services;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong refusedPeers = new AtomicLong();

    public SecondaryNode(final InetSocketAddress listen, final SharedKey key, final LiveOptions options,
                         final String bindHost, final PrintStream log) {
        this.listen = listen;
        this.key = key;
        this.options = options;
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

    public long refusedPeers() {
        return refusedPeers.get();
    }

    public Standby standby() {
        return standby;
    }

    private void acceptLoop() {
        while (running && takeover == null) {
            final Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // server closed
            }
            try {
                final Link l = Link.secondary(s, key, (int) options.heartbeatInterval().toNanos() / 1000);
                final Message.Hello hello = l.peerHello();
                synchronized (this) {
                    if (takeover != null) {
                        l.close();
                        continue;
                    }
                    if (standby == null) {
                        standby = new Standby(hello.vms());
                    } else if (!standby.vms().equals(hello.vms())) {
                        log.println("hac secondary: refused a primary with another VM list: " + hello.vms());
                        l.close();
                        continue;
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
                    everConnected = true;
                    primaryOnThisHost = ServicePorts.fence(s.getInetAddress());
                    waitingForPorts = false;
                }
                l.start("hac-repl", new Receiver(l));
                log.println("hac secondary: primary " + s.getRemoteSocketAddress() + " connected, replicating "
                        + hello.vms().size() + " VMs");
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

        Receiver(final Link l) {
            this.l = l;
        }

        @Override
        public void received(final Message m) {
            lastHeard = System.nanoTime();
            if (m instanceof Message.Checkpoint c) {
                if (takeover != null) {
                    return;
                }
                try {
                    final long epoch = standby.apply(c);
                    applied.incrementAndGet();
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
                l.send(new Message.Heartbeat(System.nanoTime()));
            }
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void monitorLoop() {
        while (running && takeover == null) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
            if (!everConnected) {
                continue;
            }
            final Link l = link;
            final long silent = System.nanoTime() - (l == null ? lastHeard : Math.max(lastHeard, l.lastReceiveNanos()));
            // A broken link is reason enough only where the port fence can tell a dead primary from a cut cable;
            // without service ports to fence on, only the failure timeout counts.
            final boolean broken = (l == null || l.isClosed()) && fenced();
            if ((broken || silent > options.failureTimeout().toNanos()) && tryTakeover(silent)) {
                return;
            }
        }
    }

    /**
     * Whether the takeover has a fence: the primary runs on this machine and some replicated VM has a service port.
     * Across machines a broken link may be a cut cable or one damaged message while the primary lives on, so only
     * the failure timeout counts there.
     */
    private boolean fenced() {
        return primaryOnThisHost && standby.vms().stream()
                .anyMatch(d -> d.checkpointing() && d.workload().equals(KvService.NAME) && d.udpPort() > 0);
    }

    private synchronized boolean tryTakeover(final long silentNanos) {
        final Standby s = standby;
        final Map<String, DatagramChannel> ports;
        try {
            ports = ServicePorts.bind(bindHost, s.vms(), true);
        } catch (IOException e) {
            if (!waitingForPorts) {
                waitingForPorts = true;
                log.println("hac secondary: primary unreachable but its service ports are still held ("
                        + e.getMessage() + "): it still runs; waiting, not taking over");
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
            loop = new HostLoop(utility, ports, options.bulkFramesPerSecond(), EventSink.NONE);
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
        takeover = new Takeover(silentNanos / 1_000_000, (System.nanoTime() - start) / 1_000_000, seq, epoch);
        log.println("hac secondary: *** TAKEOVER: primary silent " + takeover.silentMillis() + " ms; restored "
                + seq.size() + " VMs from their last applied checkpoints in " + takeover.restoreMillis() + " ms "
                + epoch + "; now serving ***");
        return true;
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
        final Link l = link;
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
    }

    /** After a takeover, also writes every transmitted frame to {@code sink} (call before {@link #start}); closed with this node. */
    public void captureTo(final PcapngFileSink sink) {
        this.capture = sink;
    }
}
