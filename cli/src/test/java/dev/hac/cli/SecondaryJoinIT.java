package dev.hac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.host.Mode;
import dev.hac.host.VmSpecs;
import dev.hac.replication.Fencing;
import dev.hac.replication.LiveOptions;
import dev.hac.replication.PrimaryNode;
import dev.hac.replication.SecondaryNode;
import dev.hac.replication.ServicePorts;
import dev.hac.wire.SharedKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hac secondary --join ... --vm ...} states the VM set the joiner expects: a primary running another set
 * refuses it (reason vms) and stays as it was; with the primary's own list the join re-protects it.
 */
class SecondaryJoinIT {

    @Test
    void aJoinerStatingAnotherVmSetIsRefusedAndOneStatingThePrimarysSetReprotectsIt(@TempDir final Path dir)
            throws Exception {
        final Path keyFile = dir.resolve("pair.key");
        SharedKey.generate(keyFile);
        final SharedKey key = SharedKey.fromFile(keyFile);
        final int[] ports = ServicePorts.freeUdpPorts(2);
        final List<String> specs = List.of("c1:kv:" + ports[0], "c2:kv:" + ports[1]);
        final LiveOptions options = LiveOptions.defaults().withTimeouts(Duration.ofMillis(10), Duration.ofMillis(300),
                Duration.ofMillis(200)).withBulkFramesPerSecond(0);
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final PrintStream logTo = new PrintStream(log, true, StandardCharsets.UTF_8);
        final SecondaryNode first = new SecondaryNode(new InetSocketAddress("127.0.0.1", 0), key, options,
                Fencing.none(), "127.0.0.1", logTo);
        try (PrimaryNode primary = new PrimaryNode(VmSpecs.parse(specs), first.start(), key, options, Fencing.none(),
                "127.0.0.1", null, logTo)) {
            primary.listenForJoiners(new InetSocketAddress("127.0.0.1", 0));
            primary.start(20_000);
            first.close();
            await(() -> primary.replicator().mode() == Mode.UNPROTECTED, "the primary runs unprotected: " + log);
            final long generation = primary.replicator().generation();
            final String at = "127.0.0.1:" + primary.joinAddress().getPort();

            assertThat(joiner(keyFile, at, List.of(specs.get(0)), () -> primary.joinRefusals().containsKey("vms")))
                    .as("a joiner that expects only c1 is refused: " + log).isTrue();
            assertThat(primary.replicator().mode()).as("nothing changed").isEqualTo(Mode.UNPROTECTED);
            assertThat(primary.replicator().generation()).isEqualTo(generation);

            assertThat(joiner(keyFile, at, specs, () -> primary.replicator().mode() == Mode.PROTECTED
                    && !primary.replicator().syncing())).as("the primary's own list joins: " + log).isTrue();
            assertThat(primary.replicator().generation()).isGreaterThan(generation);
        }
    }

    /**
     * Runs {@code hac secondary --join at --vm ...} for a few seconds beside the test; true when {@code until}
     * became true meanwhile.
     */
    private static boolean joiner(final Path key, final String at, final List<String> vms, final BooleanSupplier until)
            throws Exception {
        final List<String> args = new ArrayList<>(List.of("secondary", "--listen", "127.0.0.1:0", "--bind", "127.0.0.1",
                "--key", key.toString(), "--no-fencing", "--join", at, "--status-ms", "0", "--failure-timeout-ms", "300",
                "--duration-s", "6"));
        vms.forEach(v -> args.addAll(List.of("--vm", v)));
        final int[] exit = {-1};
        final Thread t = new Thread(() -> exit[0] = Hac.run(args.toArray(String[]::new)), "hac-secondary-joiner");
        t.start();
        final long deadline = System.nanoTime() + 30_000_000_000L;
        boolean seen = false;
        while (t.isAlive() && !seen && System.nanoTime() < deadline) {
            seen = until.getAsBoolean();
            Thread.sleep(20);
        }
        t.join(30_000);
        assertThat(exit[0]).as("the joiner's exit").isZero();
        return seen || until.getAsBoolean();
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
