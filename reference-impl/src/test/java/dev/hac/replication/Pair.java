package dev.hac.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.fencing.FileWitness;
import dev.hac.host.CounterClient;
import dev.hac.host.VmSpecs;
import dev.hac.wire.SharedKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A live pair for the integration tests: an in-process secondary behind a
 * {@link ChaosProxy}, a primary either in its own OS process (to be SIGKILLed) or
 * in-process (to read its counters), and {@link CounterClient}s on two
 * checkpointing kv VMs.
 */
final class Pair implements AutoCloseable {
    private final byte[] keyBytes = SharedKey.randomBytes(32);
    final SharedKey key = new SharedKey(keyBytes);
    final ByteArrayOutputStream secondaryLog = new ByteArrayOutputStream();
    final ByteArrayOutputStream primaryLog = new ByteArrayOutputStream();
    volatile SecondaryNode secondary;
    final ChaosProxy proxy;
    final int[] ports;
    final List<CounterClient> clients = new ArrayList<>();
    final LiveOptions options;
    /** Both hosts claim one file witness, as on shared storage. */
    final Path witnessFile;
    final Fencing fencing;
    Process process;
    PrimaryNode node;
    private Path eventLog;

    Pair(final LiveOptions options) throws IOException {
        this.options = options;
        this.witnessFile = Files.createTempDirectory("hac-witness").resolve("generation");
        this.fencing = Fencing.with(new FileWitness(witnessFile), options.failureTimeout());
        this.ports = ServicePorts.freeUdpPorts(2);
        this.secondary = newSecondary();
        this.proxy = new ChaosProxy(secondary.start(), key);
    }

    private SecondaryNode newSecondary() {
        return new SecondaryNode(new InetSocketAddress("127.0.0.1", 0), key, options, fencing, "127.0.0.1",
                new PrintStream(secondaryLog, true, StandardCharsets.UTF_8));
    }

    /** The secondary restarts: a fresh one, holding no replica yet, behind the same proxy address; the old one stops. */
    void restartSecondary() throws IOException {
        final SecondaryNode old = secondary;
        secondary = newSecondary();
        proxy.retarget(secondary.start());
        old.close();
    }

    List<String> vmSpecs(final String extra) {
        return List.of("c1:kv:" + ports[0] + extra, "c2:kv:" + ports[1] + extra);
    }

    /** The primary as a separate JVM; returns once it is connected. */
    Pair primaryProcess(final int epochMs) throws IOException, InterruptedException {
        return primaryProcess(epochMs, true);
    }

    /** {@code outputBuffering} false: the unsafe primary whose answers leave before their commit. */
    Pair primaryProcess(final int epochMs, final boolean outputBuffering) throws IOException, InterruptedException {
        final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), PrimaryMain.class.getName(),
                "127.0.0.1:" + proxy.address().getPort(), HexFormat.of().formatHex(keyBytes), String.valueOf(epochMs),
                String.valueOf(outputBuffering), witnessFile.toString()));
        cmd.addAll(vmSpecs(""));
        final Path log = Files.createTempFile("hac-it-primary", ".log");
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await(() -> secondary.applied() >= 2, 20_000, "the primary process to commit its first checkpoints (log " + log + ")");
        return this;
    }

    Pair logTo(final Path file) {
        this.eventLog = file;
        return this;
    }

    /** The in-process primary logs its events to a temporary file, for {@link #assertPrimaryKeptOutputCommit}. */
    Pair logged() throws IOException {
        return logTo(Files.createTempFile("hac-events", ".ndjson"));
    }

    /**
     * Stops the in-process primary, so its event log is complete, and checks OutputCommit on every state it
     * logged; the log is kept only when the check fails.
     */
    void assertPrimaryKeptOutputCommit() throws IOException {
        node.close();
        final EventLogCheck.Checked checked = EventLogCheck.assertOutputCommit(eventLog);
        assertThat(checked.framesChecked()).as("frames checked while protected in " + eventLog).isPositive();
        Files.delete(eventLog);
    }

    /** The primary in this JVM. */
    Pair primaryInProcess(final LiveOptions primaryOptions, final String vmExtra) throws IOException {
        node = new PrimaryNode(VmSpecs.parse(vmSpecs(vmExtra)), proxy.address(), key, primaryOptions,
                Fencing.with(fencing.witness(), primaryOptions.failureTimeout()), "127.0.0.1", eventLog,
                new PrintStream(primaryLog, true, StandardCharsets.UTF_8));
        node.start(10_000);
        await(() -> secondary.applied() >= 2, 20_000, "the first checkpoints");
        return this;
    }

    /** {@code n} more clients, each on its own key (keys go on from the clients already started), alternating VMs. */
    Pair clients(final int n) {
        for (int i = 0; i < n; i++) {
            final int k = clients.size();
            final CounterClient c = new CounterClient(k + 1, new InetSocketAddress("127.0.0.1", ports[k % 2]));
            clients.add(c);
            c.start();
        }
        return this;
    }

    long answers() {
        return clients.stream().mapToLong(CounterClient::answers).sum();
    }

    /** Waits until the clients have {@code more} answers beyond those they have now. */
    void awaitAnswers(final long more) {
        final long now = answers();
        await(() -> answers() >= now + more, 10_000, more + " more answers");
    }

    void killPrimary() throws InterruptedException {
        clients.forEach(c -> c.markPhase(System.nanoTime()));
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    /**
     * The in-process primary stops dead: nothing more leaves its NIC, its service ports close (so the secondary's
     * fence lets it take over) and its heartbeats stop.
     */
    void crashPrimaryInProcess() {
        clients.forEach(c -> c.markPhase(System.nanoTime()));
        node.close();
    }

    SecondaryNode.Takeover awaitTakeover() {
        await(() -> secondary.takeover() != null, 10_000, "the takeover (secondary log: " + secondaryLog + ")");
        return secondary.takeover();
    }

    /** Stops the clients and returns every violation they found. */
    List<String> stopClientsAndCollectViolations() throws IOException {
        return stopAndCollectViolations(clients);
    }

    /** Stops {@code clients}, lets each that saw nothing wrong read its counter back, and returns every violation. */
    static List<String> stopAndCollectViolations(final List<CounterClient> clients) throws IOException {
        clients.forEach(CounterClient::stopAndJoin);
        final List<String> all = new ArrayList<>();
        for (final CounterClient c : clients) {
            if (c.violations().isEmpty()) {
                c.finalCheck();
            }
            all.addAll(c.violations());
        }
        return all;
    }

    /** Stops the clients, reads every counter back and asserts no client ever saw an answer that was later lost. */
    void assertClientsSawNoLostAnswer(final long minAnswers) throws IOException {
        assertThat(stopClientsAndCollectViolations()).as("output commit seen from the clients").isEmpty();
        assertThat(answers()).as("answers the clients checked").isGreaterThanOrEqualTo(minAnswers);
    }

    static void await(final BooleanSupplier condition, final long timeoutMs, final String what) {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            sleep(5);
        }
    }

    static void sleep(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        clients.forEach(CounterClient::stopAndJoin);
        if (process != null) {
            process.destroyForcibly();
        }
        if (node != null) {
            node.close();
        }
        proxy.close();
        secondary.close();
    }
}
