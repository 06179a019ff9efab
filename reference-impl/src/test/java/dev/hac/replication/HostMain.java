package dev.hac.replication;

import dev.hac.fencing.Witness;
import dev.hac.host.VmSpecs;
import dev.hac.wire.SharedKey;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.HexFormat;

/**
 * Either host of a fenced pair in its own OS process, for the integration tests that pause (SIGSTOP) either
 * one: {@code HostMain primary keyHex witness bind failureMs secondaryHost:port vmSpec...} or
 * {@code HostMain secondary keyHex witness bind failureMs listenHost:port [joinHost:port [vmSpec...]]} (a joiner
 * expecting the VMs listed, or any set). {@code witness} is
 * {@code HOST:PORT}, {@code file:PATH} or {@code none}. Prints {@code READY [port]}, then {@code STATE} lines
 * (mode, generation, lost generation) every 50 ms and {@code TAKEOVER} once; a halted primary exits 3.
 */
public final class HostMain {
    private HostMain() {
    }

    public static void main(final String[] args) throws Exception {
        final SharedKey key = new SharedKey(HexFormat.of().parseHex(args[1]));
        final Duration failure = Duration.ofMillis(Integer.parseInt(args[4]));
        final LiveOptions options = LiveOptions.defaults().withTimeouts(Duration.ofMillis(10), failure, Duration.ofMillis(200))
                .withBulkFramesPerSecond(0);
        final Fencing fencing = args[2].equals("none") ? Fencing.none()
                : Fencing.with(Witness.at(args[2], key, 300), failure);
        final String[] hp = args[5].split(":");
        final InetSocketAddress peer = new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
        if (args[0].equals("primary")) {
            final PrimaryNode node = new PrimaryNode(VmSpecs.parse(Arrays.asList(args).subList(6, args.length)), peer, key,
                    options, fencing, args[3], null, System.out);
            node.start(20_000);
            System.out.println("READY");
            while (node.haltedBy() == null) {
                Thread.sleep(50);
                final PrimaryNode.Status s = node.status();
                System.out.println("STATE mode=" + s.mode() + " generation=" + s.generation() + " commits=" + s.commits());
            }
            System.out.println("HALTED " + node.haltedBy());
            System.out.flush();
            System.exit(3);
        }
        final SecondaryNode node = new SecondaryNode(peer, key, options, fencing, args[3], System.out);
        System.out.println("READY " + node.start().getPort());
        if (args.length > 6) {
            final String[] j = args[6].split(":");
            node.join(new InetSocketAddress(j[0], Integer.parseInt(j[1])),
                    VmSpecs.parse(Arrays.asList(args).subList(7, args.length)));
        }
        boolean reported = false;
        while (true) {
            Thread.sleep(50);
            if (node.takeover() != null && !reported) {
                reported = true;
                System.out.println("TAKEOVER " + node.takeover());
            }
            final PrimaryReplicator r = node.replicator();
            System.out.println("STATE mode=" + (r == null ? "standby" : r.syncing() ? "syncing" : r.mode().model)
                    + " applied=" + node.applied() + " lost=" + node.lostGeneration() + " synced=" + node.synced()
                    + (r == null ? "" : " generation=" + r.generation() + " joins=" + r.joins()
                    + " joinRefusals=" + node.joinRefusals()
                    + " unprotectedMs=" + r.lastUnprotectedMillis() + " syncMs=" + r.lastSyncMillis()));
        }
    }
}
