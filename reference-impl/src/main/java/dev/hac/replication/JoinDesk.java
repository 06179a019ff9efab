package dev.hac.replication;

import dev.hac.fencing.Witness;
import dev.hac.host.Mode;
import dev.hac.wire.MessageRejected;
import dev.hac.wire.RejectReason;
import dev.hac.wire.SharedKey;
import dev.hac.wire.VmDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a host that runs the VMs (the original primary, or a secondary that took over) takes joining secondaries:
 * the handshake proves the key, the joiner's VM set and generation are checked against this host, the witness
 * registers the new pair's generation, and the {@link PrimaryReplicator} adopts the joiner. A refusal is counted
 * by reason (version, key, handshake, attached, vms, generation, witness) and changes nothing.
 */
final class JoinDesk {
    private final SharedKey key;
    private final LiveOptions options;
    private final Fencing fencing;
    private final String claimant;
    private final List<VmDescriptor> vms;
    private final String who;
    private final PrintStream log;
    private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();

    JoinDesk(final SharedKey key, final LiveOptions options, final Fencing fencing, final String claimant,
             final List<VmDescriptor> vms, final String who, final PrintStream log) {
        this.key = key;
        this.options = options;
        this.fencing = fencing;
        this.claimant = claimant;
        this.vms = List.copyOf(vms);
        this.who = who;
        this.log = log;
    }

    /** Joins refused, by reason. */
    Map<String, Long> refusals() {
        final Map<String, Long> out = new TreeMap<>();
        refusals.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    long refused() {
        return refusals.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Handshakes with the joiner on {@code s} and, when every check passes, hands it to {@code r}. */
    void handle(final Socket s, final PrimaryReplicator r) {
        final Link l;
        try {
            l = Link.primary(s, key, (int) options.epochInterval().toNanos() / 1000,
                    (int) options.heartbeatInterval().toNanos() / 1000, vms);
        } catch (MessageRejected e) {
            // A joiner of another wire version is told apart from one without the key: the fix differs (upgrade it).
            refuse(e.reason() == RejectReason.WRONG_VERSION ? "version" : "key",
                    s.getRemoteSocketAddress() + ": " + e.getMessage(), null);
            return;
        } catch (IOException e) {
            refuse("handshake", s.getRemoteSocketAddress() + ": " + e.getMessage(), null);
            return;
        }
        join(l, r);
    }

    private synchronized void join(final Link l, final PrimaryReplicator r) {
        final List<VmDescriptor> expected = l.peerHello().vms();
        if (r.haltedBy() != null || r.mode() != Mode.UNPROTECTED) {
            refuse("attached", "a secondary is attached (or joining): one at a time", l);
        } else if (!expected.isEmpty() && !expected.equals(vms)) {
            refuse("vms", "the joiner expects VMs " + ids(expected) + ", this host runs " + ids(vms), l);
        } else if (l.peerGeneration() > r.generation()) {
            refuse("generation", "the joiner knows generation " + l.peerGeneration() + ", newer than this host's "
                    + r.generation() + ": this host is stale", l);
        } else if (!fencing.enabled()) {
            offer(r, l, r.generation() + 1);
        } else {
            final Witness.Answer a = fencing.witness().claim(r.generation(), claimant);
            switch (a.outcome()) {
                case WON -> offer(r, l, a.generation());
                case LOST -> refuse("generation", "the witness holds generation " + a.generation() + " (by "
                        + a.holder() + "), newer than this host's " + r.generation(), l);
                default -> refuse("witness", "the witness did not register the new generation: " + a.detail(), l);
            }
        }
    }

    private void offer(final PrimaryReplicator r, final Link l, final long generation) {
        l.start("hac-repl", r);
        if (!r.offerJoin(l, generation)) {
            refuse("attached", "another join is being adopted", l);
        }
    }

    private static List<String> ids(final List<VmDescriptor> vms) {
        return vms.stream().map(VmDescriptor::id).toList();
    }

    private void refuse(final String reason, final String detail, final Link l) {
        refusals.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
        if (l != null) {
            l.close();
        }
        log.println("hac " + who + ": join REFUSED (" + reason + "): " + detail);
    }
}
