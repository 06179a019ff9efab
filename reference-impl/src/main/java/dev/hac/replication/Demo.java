package dev.hac.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hac.host.CounterClient;
import dev.hac.wire.SharedKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * The live HA demo: a witness, a secondary and a primary as separate OS processes, the primary's services on
 * 127.0.0.1 and the secondary's on 127.0.0.2 (two hosts), the replication link through a
 * {@link PartitionProxy}, UDP clients that send every request to both addresses (an IP takeover as clients
 * see it), and one fault per round, the kinds taken in turn: {@code kill} (SIGKILL of the primary),
 * {@code pause} (SIGSTOP of the primary past the takeover silence, then SIGCONT: it must halt) or
 * {@code partition} (the link silently cut, then healed: the primary keeps the VMs). The clients' verdict: no
 * answer they saw is contradicted and never two hosts answer for one VM.
 *
 * <p>The demo describes each host as a typed {@link Host}; the caller's {@link HostLauncher} starts it as a
 * process that prints the machine-readable lines {@code READY [port]}, {@code STATS <json>},
 * {@code TAKEOVER <json>} and {@code HALTED <json>} on stdout.
 */
public final class Demo {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param killAfterMinMs, killAfterMaxMs window after protection starts in which the primary is killed
     * @param eventLog        where the primary writes its NDJSON event log, or null (several rounds: -N per round)
     * @param pcap            captures, or null: each host writes its own, -primary or -secondary before the
     *                        extension (several rounds: then -N)
     */
    public record Settings(int rounds, int clients, long seed, int killAfterMinMs, int killAfterMaxMs, int afterMs,
                           int epochMs, boolean unsafe, Path eventLog, List<Fault> faults, boolean fencing, int faultMs,
                           Path pcap) {
        public Settings {
            if (rounds < 1 || clients < 1 || clients > 64 || afterMs < 100 || epochMs < 1) {
                throw new IllegalArgumentException("rounds must be >= 1, clients 1..64, the load after the takeover >= 100 ms, "
                        + "the epoch >= 1 ms");
            }
            if (faults.isEmpty() || faultMs < 100) {
                throw new IllegalArgumentException("faults: at least one of kill, pause, partition; a fault lasts >= 100 ms");
            }
            faults = List.copyOf(faults);
            if (killAfterMinMs < 0 || killAfterMaxMs < killAfterMinMs) {
                throw new IllegalArgumentException("kill window: expected min..max in ms, min <= max");
            }
            if (pcap != null) {
                final Path parent = pcap.toAbsolutePath().getParent();
                if (!Files.isDirectory(parent) || !Files.isWritable(parent)) {
                    throw new IllegalArgumentException("capture " + pcap + ": directory " + parent
                            + " does not exist or is not writable");
                }
            }
        }
    }

    /** The fault of a round. */
    public enum Fault {
        KILL, PAUSE, PARTITION;

        /** {@code kill}, {@code pause} or {@code partition}. */
        public static Fault parse(final String text) {
            for (final Fault f : values()) {
                if (f.name().equalsIgnoreCase(text.trim())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("fault '" + text + "' is not one of kill, pause, partition");
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How long a host may take to start (a JVM on a loaded machine can need tens of seconds). */
    private static final long STARTUP_MS = 60_000;
    /** How long a takeover or a halt may take to show after its fault. */
    private static final long OUTCOME_MS = 20_000;
    /** Failure timeout of both hosts; a loaded machine must not make a slow but live peer look dead. */
    private static final int FAILURE_MS = 500;

    /** A host of the run, as the demo wants it started. */
    public sealed interface Host permits WitnessHost, SecondaryHost, PrimaryHost {
    }

    /** The witness: answers on {@code listen} (port 0: any), keeps its register in {@code state}. */
    public record WitnessHost(InetSocketAddress listen, Path key, Path state) implements Host {
    }

    /**
     * The secondary: listens for the primary on {@code listen}, serves taken-over VMs on {@code bind}; fenced by
     * {@code witness} ({@code HOST:PORT}), or unfenced when it is null; captures to {@code pcap} if not null.
     */
    public record SecondaryHost(InetSocketAddress listen, String bind, Path key, int failureTimeoutMs, String witness,
                                Path pcap) implements Host {
    }

    /**
     * The primary: runs {@code vms} (in {@link dev.hac.host.VmSpecs} syntax) on {@code bind}, replicates to
     * {@code secondary} every {@code epochMs}; output buffering unless {@code unsafe}; fenced as
     * {@link SecondaryHost}; writes its event log to {@code eventLog} and its capture to {@code pcap} if not null.
     */
    public record PrimaryHost(InetSocketAddress secondary, String bind, Path key, int failureTimeoutMs, int epochMs,
                              List<String> vms, int bulkRate, long connectTimeoutMs, String witness, boolean unsafe,
                              Path eventLog, Path pcap) implements Host {
        public PrimaryHost {
            vms = List.copyOf(vms);
        }
    }

    /** Starts a host as a process, its stderr going to {@code stderr}. */
    public interface HostLauncher {
        Process start(Host host, Path stderr) throws IOException;
    }

    private final Settings settings;
    private final HostLauncher launcher;
    private Child witness;
    private String witnessAddress;

    public Demo(final Settings settings, final HostLauncher launcher) {
        this.settings = settings;
        this.launcher = launcher;
    }

    /** Runs every round, printing a line per round, then the table; true when every round holds. */
    public boolean run(final PrintWriter out) throws InterruptedException, IOException {
        final Random random = new Random(settings.seed());
        out.printf("hac demo: %d round(s), faults %s, %d clients, epoch %d ms, output buffering %s, fencing %s, seed %d%n",
                settings.rounds(), settings.faults().stream().map(Fault::label).toList(), settings.clients(),
                settings.epochMs(), settings.unsafe() ? "OFF (--unsafe)" : "on",
                settings.fencing() ? "witness + lease" : "OFF (--no-fencing)", settings.seed());
        out.flush();
        final Path dir = Files.createTempDirectory("hac-demo-");
        final Path key = dir.resolve("pair.key");
        SharedKey.generate(key);
        final List<Round> results = new ArrayList<>();
        try {
            if (settings.fencing()) {
                // The third machine: one witness for the whole run, its generations counting on across rounds.
                witness = start("witness", dir, new WitnessHost(new InetSocketAddress(WITNESS_HOST, 0), key,
                        dir.resolve("witness.gen")));
                witnessAddress = WITNESS_HOST + ":" + witness.await("READY ", STARTUP_MS).substring(6).trim();
            }
            for (int r = 1; r <= settings.rounds(); r++) {
                final int killAfter = settings.killAfterMinMs()
                        + random.nextInt(settings.killAfterMaxMs() - settings.killAfterMinMs() + 1);
                final Round round = runRound(r, settings.faults().get((r - 1) % settings.faults().size()), killAfter, key);
                results.add(round);
                out.printf("round %d (%s): %s%n", r, round.fault.label(), round.summary());
                out.flush();
            }
        } finally {
            if (witness != null) {
                witness.process.destroyForcibly();
            }
        }
        printTable(out, results);
        printFaultTable(out, results);
        final boolean allHold = results.stream().allMatch(Round::holds);
        final boolean caught = results.stream().anyMatch(x -> !x.violations.isEmpty());
        if (settings.unsafe() || !settings.fencing()) {
            out.println(!caught ? "verdict: no violation observed although " + (settings.unsafe() ? "output buffering"
                    : "fencing") + " was off (try more --rounds)"
                    : "verdict: VIOLATION caught, as expected without " + (settings.unsafe()
                    ? "output buffering: clients saw answers the restored state does not contain"
                    : "fencing: two hosts served the VMs (split brain)"));
        } else {
            out.println(allHold ? "verdict: HOLDS in every round: no answer a client saw was contradicted, never two hosts answered"
                    : "verdict: FAILED: see the rounds above");
        }
        out.flush();
        return allHold;
    }

    private Path roundLog(final int number) {
        return settings.rounds() == 1 ? settings.eventLog() : withSuffix(settings.eventLog(), "-" + number);
    }

    /** The capture file of {@code host} ("primary" or "secondary") in round {@code number}. */
    public static Path capture(final Path pcap, final String host, final int number, final int rounds) {
        return withSuffix(pcap, "-" + host + (rounds == 1 ? "" : "-" + number));
    }

    private static Path withSuffix(final Path file, final String suffix) {
        final String name = file.getFileName().toString();
        final int dot = name.lastIndexOf('.');
        return file.resolveSibling(dot > 0 ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix);
    }

    private static final String PRIMARY_HOST = "127.0.0.1";
    private static final String SECONDARY_HOST = "127.0.0.2";
    private static final String WITNESS_HOST = "127.0.0.3";

    private Round runRound(final int number, final Fault fault, final int killAfterMs, final Path key)
            throws IOException, InterruptedException {
        final Round round = new Round(number, fault, killAfterMs);
        final Path dir = Files.createTempDirectory("hac-demo-round-");
        final int[] ports = ServicePorts.freeUdpPorts(3);
        Child secondary = null;
        Child primary = null;
        PartitionProxy link = null;
        final List<CounterClient> running = new ArrayList<>();
        final String fencing = settings.fencing() ? witnessAddress : null;
        try {
            secondary = start("secondary", dir, new SecondaryHost(new InetSocketAddress(SECONDARY_HOST, 0), SECONDARY_HOST,
                    key, FAILURE_MS, fencing, settings.pcap() == null ? null
                            : capture(settings.pcap(), "secondary", number, settings.rounds()).toAbsolutePath()));
            final String ready = secondary.await("READY ", STARTUP_MS);
            link = new PartitionProxy(PRIMARY_HOST, new InetSocketAddress(SECONDARY_HOST,
                    Integer.parseInt(ready.substring(6).trim())));
            primary = start("primary", dir, new PrimaryHost(new InetSocketAddress(PRIMARY_HOST, link.address().getPort()),
                    PRIMARY_HOST, key, FAILURE_MS, settings.epochMs(),
                    List.of("c1:kv:" + ports[0], "c2:kv:" + ports[1], "p1:bulk:" + ports[2] + ":plain"), 200, STARTUP_MS,
                    fencing, settings.unsafe(),
                    settings.eventLog() == null ? null : roundLog(number).toAbsolutePath(),
                    settings.pcap() == null ? null
                            : capture(settings.pcap(), "primary", number, settings.rounds()).toAbsolutePath()));
            primary.await("READY", STARTUP_MS);
            // Protected once the first (whole-memory) checkpoints committed.
            final long protectedBy = System.nanoTime() + STARTUP_MS * 1_000_000L;
            while (primary.lastStats() == null || primary.lastStats().get("commits").asLong() < 2) {
                if (System.nanoTime() > protectedBy) {
                    throw new IOException("the primary did not commit a checkpoint within " + STARTUP_MS / 1000 + " s");
                }
                Thread.sleep(20);
            }
            for (int c = 0; c < settings.clients(); c++) {
                final int port = ports[c % 2];
                final CounterClient client = new CounterClient(c + 1, List.of(new InetSocketAddress(PRIMARY_HOST, port),
                        new InetSocketAddress(SECONDARY_HOST, port)));
                running.add(client);
                client.start();
            }
            Thread.sleep(killAfterMs);
            round.stats = primary.lastStats();
            final long faultAt = System.nanoTime();
            running.forEach(c -> c.markPhase(faultAt));
            inject(round, fault, primary, secondary, link);
            Thread.sleep(settings.afterMs());
            for (final CounterClient c : running) {
                c.stopAndJoin();
            }
            for (final CounterClient c : running) {
                if (c.violations().isEmpty()) {
                    c.finalCheck();
                }
                round.violations.addAll(c.violations());
                round.replies += c.answers();
                round.outageMs = Math.max(round.outageMs, c.longestGapMillis());
                c.addLatencies(round.protectedRtt, round.failedOverRtt);
            }
        } catch (IOException | RuntimeException e) {
            round.error = e.getMessage() + " (logs in " + dir + ")";
        } finally {
            for (final CounterClient c : running) {
                c.stopAndJoin();
            }
            if (link != null) {
                link.close();
            }
            for (final Child child : new Child[] {primary, secondary}) {
                if (child != null) {
                    child.process.destroyForcibly();
                    child.process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
        return round;
    }

    /**
     * Does the round's fault and waits for its outcome: who won, when the takeover or the halt came. Without
     * fencing the outcome may be two live hosts; the clients then report it.
     */
    private void inject(final Round round, final Fault fault, final Child primary, final Child secondary,
                        final PartitionProxy link) throws IOException, InterruptedException {
        final long at = System.nanoTime();
        switch (fault) {
            case KILL -> {
                primary.process.destroyForcibly(); // SIGKILL on Unix
                primary.process.waitFor(5, TimeUnit.SECONDS);
                round.takeover = JSON.readTree(secondary.await("TAKEOVER ", OUTCOME_MS).substring(9));
                round.takeoverMs = (secondary.seenAt(SERVING) - at) / 1_000_000;
                round.winner = "secondary";
            }
            case PAUSE -> {
                signal(primary.process, "STOP");
                Thread.sleep(settings.faultMs());
                final String takeover = settings.fencing() ? secondary.await("TAKEOVER ", OUTCOME_MS) : null;
                final long resumed = System.nanoTime();
                signal(primary.process, "CONT");
                if (takeover != null) {
                    round.takeover = JSON.readTree(takeover.substring(9));
                    round.takeoverMs = (secondary.seenAt(SERVING) - at) / 1_000_000;
                    round.winner = "secondary";
                    primary.await("HALTED ", OUTCOME_MS);
                    round.loserStopMs = (primary.seenAt(HALTED) - resumed) / 1_000_000;
                    if (!primary.process.waitFor(OUTCOME_MS, TimeUnit.MILLISECONDS) || primary.process.exitValue() != 3) {
                        throw new IOException("the halted primary did not exit with 3");
                    }
                }
            }
            case PARTITION -> {
                link.partition(true);
                Thread.sleep(settings.faultMs());
                link.partition(false);
                if (settings.fencing()) {
                    // Usually the primary claims first (its failure timeout is shorter than the takeover silence).
                    final String outcome = secondary.await(List.of("hac secondary: LOST the witness", "TAKEOVER "), OUTCOME_MS);
                    if (outcome.startsWith("TAKEOVER ")) {
                        round.takeover = JSON.readTree(outcome.substring(9));
                        round.takeoverMs = (secondary.seenAt(SERVING) - at) / 1_000_000;
                        round.winner = "secondary";
                        primary.await("HALTED ", OUTCOME_MS);
                        round.loserStopMs = (primary.seenAt(HALTED) - at) / 1_000_000;
                    } else {
                        round.winner = "primary";
                        round.loserStopMs = (secondary.seenAt(outcome) - at) / 1_000_000;
                    }
                }
            }
            default -> throw new IllegalStateException(fault.name());
        }
    }

    /** The hosts' own log lines, printed the moment it happens (the machine-readable lines come a turn later). */
    private static final String SERVING = "hac secondary: *** TAKEOVER";
    private static final String HALTED = "hac primary: *** HALTED";

    private static void signal(final Process p, final String signal) throws IOException, InterruptedException {
        final Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + p.pid() + " failed");
        }
    }

    private Child start(final String name, final Path dir, final Host host) throws IOException {
        return new Child(launcher.start(host, dir.resolve(name + ".err")), dir.resolve(name + ".out"));
    }

    private static void printTable(final PrintWriter out, final List<Round> rounds) {
        out.println();
        out.println("round  fault      fault@ms  ckpt/s  commit p50/p99/max ms   answer p50 ms before/after  winner     takeover ms (silent+restore)  loser stop ms  client outage ms  answers  verdict");
        for (final Round r : rounds) {
            if (r.error != null || r.stats == null) {
                out.printf("%5d  %-9s  %8d  %s%n", r.number, r.fault.label(), r.killAfterMs, r.summary());
                continue;
            }
            out.printf("%5d  %-9s  %8d  %6.1f  %5.2f / %5.2f / %6.2f   %6.2f / %6.2f           %-9s  %28s  %13s  %16d  %7d  %s%n",
                    r.number, r.fault.label(), r.killAfterMs, r.stats.get("commitsPerSecond").asDouble(),
                    r.stats.get("p50Ms").asDouble(), r.stats.get("p99Ms").asDouble(), r.stats.get("maxMs").asDouble(),
                    r.protectedRtt.getValueAtPercentile(50) / 1000.0, r.failedOverRtt.getValueAtPercentile(50) / 1000.0,
                    r.winner == null ? "-" : r.winner, r.takeoverMs < 0 ? "-" : r.takeoverMs + (r.takeover == null ? ""
                            : " (" + r.takeover.get("silentMillis").asLong() + "+" + r.takeover.get("restoreMillis").asLong() + ")"),
                    r.loserStopMs < 0 ? "-" : String.valueOf(r.loserStopMs), r.outageMs, r.replies,
                    r.violations.isEmpty() ? "holds" : "VIOLATION");
        }
        out.println("(ckpt/s: commits per second over all checkpointing VMs in the last second before the fault; commit latency: "
                + "checkpoint start to acknowledgement, cumulative; takeover: fault to the secondary serving; loser stop: "
                + "pause: SIGCONT to the primary's halt, partition: cut to the secondary's lost claim)");
    }

    /** Per fault kind: rounds held, outage and the fencing timings (median and max over the rounds that had them). */
    private static void printFaultTable(final PrintWriter out, final List<Round> rounds) {
        out.println();
        out.println("fault      rounds  held  winner (rounds)          outage ms p50 / max   takeover ms p50 / max   loser stop ms p50 / max");
        for (final Fault f : Fault.values()) {
            final List<Round> of = rounds.stream().filter(r -> r.fault == f).toList();
            if (of.isEmpty()) {
                continue;
            }
            final Map<String, Long> winners = new java.util.TreeMap<>();
            of.forEach(r -> winners.merge(r.winner == null ? "-" : r.winner, 1L, Long::sum));
            out.printf("%-9s  %6d  %4d  %-23s  %17s   %21s   %23s%n", f.label(), of.size(), of.stream().filter(Round::holds).count(),
                    winners, spread(of, r -> r.outageMs), spread(of, r -> r.takeoverMs), spread(of, r -> r.loserStopMs));
        }
    }

    private static String spread(final List<Round> rounds, final java.util.function.ToLongFunction<Round> figure) {
        final long[] v = rounds.stream().filter(r -> r.error == null).mapToLong(figure).filter(x -> x >= 0).sorted().toArray();
        return v.length == 0 ? "-" : v[v.length / 2] + " / " + v[v.length - 1];
    }

    /** What one round measured and found. */
    static final class Round {
        final int number;
        final Fault fault;
        final int killAfterMs;
        final List<String> violations = new ArrayList<>();
        String error;
        JsonNode stats;
        JsonNode takeover;
        /** Which host holds the VMs after the fault (with fencing), or null. */
        String winner;
        /** Fault to the secondary's TAKEOVER line; -1 without a takeover. */
        long takeoverMs = -1;
        /** Pause: SIGCONT to the primary's HALTED line. Partition: cut to the secondary's lost claim. -1: none. */
        long loserStopMs = -1;
        long outageMs;
        long replies;
        final Histogram protectedRtt = new Histogram(3);
        final Histogram failedOverRtt = new Histogram(3);

        Round(final int number, final Fault fault, final int killAfterMs) {
            this.number = number;
            this.fault = fault;
            this.killAfterMs = killAfterMs;
        }

        boolean holds() {
            return error == null && violations.isEmpty();
        }

        String summary() {
            if (error != null) {
                return "ERROR " + error;
            }
            return violations.isEmpty() ? "holds (" + replies + " answers checked)"
                    : "VIOLATION: " + violations.get(0) + (violations.size() > 1 ? " (+" + (violations.size() - 1) + " more)" : "");
        }
    }

    /** A child process running {@code hac <args>}; its stdout is read line by line. */
    static final class Child {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        /** Each line with the {@link System#nanoTime} it arrived at, for the timings of the fault table. */
        final Map<String, Long> arrived = new ConcurrentHashMap<>();
        final AtomicReference<JsonNode> stats = new AtomicReference<>();

        private Child(final Process process, final Path log) {
            this.process = process;
            final Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                     java.io.Writer copy = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        copy.write(line);
                        copy.write('\n');
                        copy.flush();
                        if (line.startsWith("STATS ")) {
                            stats.set(JSON.readTree(line.substring(6)));
                        } else {
                            arrived.putIfAbsent(line, System.nanoTime());
                            lines.add(line);
                        }
                    }
                } catch (IOException ignored) {
                    // the process died: that is what the demo does to it
                }
            }, "hac-demo-reader");
            reader.setDaemon(true);
            reader.start();
        }

                JsonNode lastStats() {
            return stats.get();
        }

        /** When the first line starting with {@code prefix} arrived. */
        long seenAt(final String prefix) {
            return arrived.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue)
                    .min().orElseThrow();
        }

        /** Waits for a line starting with {@code prefix}; throws naming it on timeout or exit. */
        String await(final String prefix, final long timeoutMs) throws IOException, InterruptedException {
            return await(List.of(prefix), timeoutMs);
        }

        /** Waits for a line starting with any of {@code prefixes}; throws naming them on timeout or exit. */
        String await(final List<String> prefixes, final long timeoutMs) throws IOException, InterruptedException {
            final long deadline = System.nanoTime() + timeoutMs * 1_000_000;
            while (System.nanoTime() < deadline) {
                final String line = lines.poll(20, TimeUnit.MILLISECONDS);
                if (line != null && prefixes.stream().anyMatch(line::startsWith)) {
                    return line;
                }
                if (line == null && !process.isAlive() && lines.isEmpty()) {
                    throw new IOException("child exited (" + process.exitValue() + ") before printing " + prefixes);
                }
            }
            throw new IOException("none of " + prefixes + " within " + timeoutMs + " ms");
        }
    }
}
