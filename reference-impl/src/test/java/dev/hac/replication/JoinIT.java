package dev.hac.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.fencing.Witness;
import dev.hac.host.Mode;
import dev.hac.host.VmSpecs;
import dev.hac.wire.Message;
import dev.hac.wire.SharedKey;
import dev.hac.wire.VmDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Re-protection in one JVM: a primary that lost its secondary runs unprotected until a new secondary joins it
 * on its {@code --listen} address; bad joins (wrong key or wire version, other VMs, newer
 * generation, a second secondary) are refused with a reason and change nothing.
 */
class JoinIT {

    @Test
    void aJoinerReprotectsAnUnprotectedPrimaryUnderANewGenerationAndBadJoinsChangeNothing() throws Exception {
        try (Pair pair = new Pair(LiveOptions.defaults().withTimeouts(Duration.ofMillis(10), Duration.ofMillis(300),
                Duration.ofMillis(200)))) {
            final ByteArrayOutputStream primaryLog = new ByteArrayOutputStream();
            final List<VmDescriptor> vms = VmSpecs.parse(pair.vmSpecs(""));
            final PrimaryNode primary = new PrimaryNode(vms, pair.proxy.address(), pair.key, pair.options,
                    pair.fencing, "127.0.0.1", null, new PrintStream(primaryLog, true, StandardCharsets.UTF_8));
            pair.node = primary;
            primary.listenForJoiners(new InetSocketAddress("127.0.0.1", 0));
            primary.start(10_000);
            pair.clients(2);
            Pair.await(() -> pair.secondary.applied() >= 2, 20_000, "the first checkpoints");
            pair.secondary.close();
            Pair.await(() -> primary.replicator().mode() == Mode.UNPROTECTED, 20_000, "the switch to unprotected: " + primaryLog);
            final long lost = primary.replicator().generation();
            assertThat(primary.replicator().unprotectedSinceMillis()).isPositive();
            assertThat(primary.status().line()).contains("UNPROTECTED since");
            final InetSocketAddress at = primary.joinAddress();

            try (SecondaryNode wrongKey = joiner(pair, new SharedKey(SharedKey.randomBytes(32)))) {
                wrongKey.join(at, List.of());
                Pair.await(() -> primary.joinRefusals().getOrDefault("key", 0L) >= 1, 20_000, "a wrong key refused: " + primaryLog);
            }
            try (Socket v1 = new Socket()) {
                v1.connect(at, 2000);
                v1.getOutputStream().write(VersionOnePeer.hello(pair.key, Message.Role.SECONDARY, List.of()));
                assertThat(v1.getInputStream().read()).as("a joiner of wire version 1 is hung up on, not kept waiting")
                        .isEqualTo(-1);
                Pair.await(() -> primary.joinRefusals().getOrDefault("version", 0L) >= 1, 20_000,
                        "a joiner of wire version 1 refused by name: " + primaryLog);
                assertThat(primaryLog.toString(StandardCharsets.UTF_8)).contains("join REFUSED (version)", "wire version 1");
            }
            try (SecondaryNode otherVms = joiner(pair, pair.key)) {
                otherVms.join(at, vms.subList(0, 1));
                Pair.await(() -> primary.joinRefusals().getOrDefault("vms", 0L) >= 1, 20_000, "another VM set refused: " + primaryLog);
            }
            try (Socket s = new Socket()) {
                s.connect(at, 2000);
                Link.secondary(s, pair.key, 10_000, List.of(), lost + 5).close();
                Pair.await(() -> primary.joinRefusals().getOrDefault("generation", 0L) >= 1, 20_000,
                        "a joiner that knows a newer generation refused: " + primaryLog);
            }
            assertThat(primary.replicator().mode()).as("nothing changed by the refused joins").isEqualTo(Mode.UNPROTECTED);
            assertThat(primary.replicator().generation()).isEqualTo(lost);

            try (SecondaryNode joiner = joiner(pair, pair.key); SecondaryNode second = joiner(pair, pair.key)) {
                joiner.join(at, vms);
                Pair.await(() -> primary.replicator().mode() == Mode.PROTECTED && !primary.replicator().syncing(), 20_000,
                        "protection back: " + primaryLog);
                final long gen = primary.replicator().generation();
                assertThat(gen).isGreaterThan(lost);
                assertThat(pair.fencing.witness().read().generation()).as("the witness learnt the new generation").isEqualTo(gen);
                Pair.await(joiner::synced, 20_000, "the joiner holds every VM");
                assertThat(primary.replicator().lastUnprotectedMillis()).isPositive();

                second.join(at, vms);
                Pair.await(() -> primary.joinRefusals().getOrDefault("attached", 0L) >= 1, 20_000,
                        "a second secondary refused while one is attached: " + primaryLog);
                assertThat(primary.replicator().generation()).isEqualTo(gen);
                final long commits = primary.replicator().commits();
                Pair.await(() -> primary.replicator().commits() > commits + 10, 20_000, "checkpoints go on with the joiner");
                assertThat(pair.fencing.witness().read().outcome()).isEqualTo(Witness.Outcome.READ);
            }
            assertThat(Pair.stopAndCollectViolations(pair.clients)).isEmpty();
        }
    }

    private static SecondaryNode joiner(final Pair pair, final SharedKey key) throws Exception {
        final SecondaryNode s = new SecondaryNode(new InetSocketAddress("127.0.0.1", 0), key, pair.options, pair.fencing,
                "127.0.0.1", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        s.start();
        return s;
    }
}
