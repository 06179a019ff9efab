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
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * The live HA demo: a secondary and a primary as separate OS processes on loopback, UDP clients against the
 * checkpointing VMs' counters, a SIGKILL of the primary at a random moment, the secondary's takeover, and the
 * clients' verdict: no answer they saw may be missing from the restored state.
 *
 * <p>The caller's {@link NodeLauncher} starts each host as a process from a typed {@link Node}; the process prints
 * the machine-readable lines {@code READY [port]}, {@code STATS <json>} and {@code TAKEOVER <json>} on stdout.
 */
public final class Demo {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param killAfterMinMs, killAfterMaxMs window after protection starts in which the primary is killed
     * @param eventLog        where the primary writes its NDJSON event log, or null (several rounds: -N per round)
     */
    public record Settings(int rounds, int clients, long seed, int killAfterMinMs, int killAfterMaxMs, int afterMs,
                           int epochMs, boolean unsafe, Path eventLog) {
        public Settings {
            if (rounds < 1 || clients < 1 || clients > 64 || afterMs < 100 || epochMs < 1) {
                throw new IllegalArgumentException("rounds must be >= 1, clients 1..64, the load after the takeover "
                        + ">= 100 ms, the epoch >= 1 ms");
            }
            if (killAfterMinMs < 0 || killAfterMaxMs < killAfterMinMs) {
                throw new IllegalArgumentException("kill window: expected min..max in ms, min <= max");
            }
        }
    }

    /** A host of the pair, as the demo wants it started. */
    public sealed interface Node permits Secondary, Primary {
        /** The pre-shared key file both hosts read. */
        Path key();

        /** Peer silence that counts as its loss. */
        int failureTimeoutMs();
    }

    /** The secondary: listens for the primary on {@code listen} (port 0: any; it prints {@code READY <port>}). */
    public record Secondary(InetSocketAddress listen, Path key, int failureTimeoutMs) implements Node {
    }

    /**
     * The primary: replicates to {@code secondary} every {@code epochMs}, runs the VMs of {@code vms}
     * (in {@link dev.hac.host.VmSpecs} syntax), with output buffering unless {@code unsafe}; writes its NDJSON
     * event log to {@code eventLog} if not null.
     */
    public record Primary(InetSocketAddress secondary, Path key, int failureTimeoutMs, int epochMs, List<String> vms,
                          int bulkRate, boolean unsafe, Path eventLog) implements Node {
        public Primary {
            vms = List.copyOf(vms);
        }
    }

    /** Starts a host as a process with its stderr going to {@code stderr}. */
    public interface NodeLauncher {
        Process start(Node node, Path stderr) throws IOException;
    }

    private final Settings settings;
    private final NodeLauncher launcher;

    public Demo(final Settings settings, final NodeLauncher launcher) {
        this.settings = settings;
        this.launcher = launcher;
    }

    /** Runs every round, printing a line per round, then the table; true when every round holds. */
    public boolean run(final PrintWriter out) throws InterruptedException, IOException {
        final Random random = new Random(settings.seed());
        out.printf("hac demo: %d round(s), %d clients, epoch %d ms, output buffering %s, seed %d%n", settings.rounds(),
                settings.clients(), settings.epochMs(), settings.unsafe() ? "OFF (--unsafe)" : "on", settings.seed());
        out.flush();
        final List<Round> results = new ArrayList<>();
        for (int r = 1; r <= settings.rounds(); r++) {
            final int killAfter = settings.killAfterMinMs()
                    + random.nextInt(settings.killAfterMaxMs() - settings.killAfterMinMs() + 1);
            final Round round = runRound(r, killAfter);
            results.add(round);
            out.printf("round %d: %s%n", r, round.summary());
            out.flush();
        }
        printTable(out, results);
        final boolean allHold = results.stream().allMatch(x -> x.violations.isEmpty() && x.error == null);
        if (settings.unsafe()) {
            out.println(allHold ? "verdict: no violation observed although output buffering was off (try more --rounds)"
                    : "verdict: VIOLATION caught, as expected without output buffering: clients saw answers the restored state does not contain");
        } else {
            out.println(allHold ? "verdict: HOLDS in every round: no answer a client saw was lost by the takeover"
                    : "verdict: FAILED: see the rounds above");
        }
        out.flush();
        return allHold;
    }

    private Path roundLog(final int number) {
        if (settings.rounds() == 1) {
            return settings.eventLog();
        }
        final String name = settings.eventLog().getFileName().toString();
        final int dot = name.lastIndexOf('.');
        return settings.eventLog().resolveSibling(dot > 0 ? name.substring(0, dot) + "-" + number + name.substring(dot)
                : name + "-" + number);
    }

    private Round runRound(final int number, final int killAfterMs) throws IOException, InterruptedException {
        final Round round = new Round(number, killAfterMs);
        final Path dir = Files.createTempDirectory("hac-demo-");
        final Path key = dir.resolve("pair.key");
        SharedKey.generate(key);
        final int[] ports = ServicePorts.freeUdpPorts(3);
        Child secondary = null;
        Child primary = null;
        final List<CounterClient> running = new ArrayList<>();
        try {
            // A generous failure timeout: a SIGKILLed primary is noticed at once (its socket closes), and a
            // loaded machine must not make a slow but live peer look dead.
            secondary = start("secondary", dir, new Secondary(new InetSocketAddress("127.0.0.1", 0), key, 1000));
            final String ready = secondary.await("READY ", 15_000);
            final int replicationPort = Integer.parseInt(ready.substring(6).trim());
            primary = start("primary", dir, new Primary(new InetSocketAddress("127.0.0.1", replicationPort), key, 1000,
                    settings.epochMs(), List.of("c1:kv:" + ports[0], "c2:kv:" + ports[1], "p1:bulk:" + ports[2] + ":plain"),
                    200, settings.unsafe(), settings.eventLog() == null ? null : roundLog(number).toAbsolutePath()));
            primary.await("READY", 15_000);
            // Protected once the first (whole-memory) checkpoints committed.
            final long protectedBy = System.nanoTime() + 10_000_000_000L;
            while (primary.lastStats() == null || primary.lastStats().get("commits").asLong() < 2) {
                if (System.nanoTime() > protectedBy) {
                    throw new IOException("the primary did not commit a checkpoint within 10 s");
                }
                Thread.sleep(20);
            }
            for (int c = 0; c < settings.clients(); c++) {
                final CounterClient client = new CounterClient(c + 1, new InetSocketAddress("127.0.0.1", ports[c % 2]));
                running.add(client);
                client.start();
            }
            Thread.sleep(killAfterMs);
            round.stats = primary.lastStats();
            final long killedAt = System.nanoTime();
            running.forEach(c -> c.markPhase(killedAt));
            primary.process.destroyForcibly(); // SIGKILL on Unix
            primary.process.waitFor(5, TimeUnit.SECONDS);
            final String takeover = secondary.await("TAKEOVER ", 10_000);
            round.takeover = JSON.readTree(takeover.substring(9));
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
                round.outageMs = Math.max(round.outageMs, c.outageMillis());
                c.addLatencies(round.protectedRtt, round.failedOverRtt);
            }
        } catch (IOException | RuntimeException e) {
            round.error = e.getMessage() + " (logs in " + dir + ")";
        } finally {
            for (final CounterClient c : running) {
                c.stopAndJoin();
            }
            if (primary != null) {
                primary.process.destroyForcibly();
            }
            if (secondary != null) {
                secondary.process.destroyForcibly();
                secondary.process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        return round;
    }

    private Child start(final String name, final Path dir, final Node node) throws IOException {
        return new Child(launcher.start(node, dir.resolve(name + ".err")), dir.resolve(name + ".out"));
    }

    private static void printTable(final PrintWriter out, final List<Round> rounds) {
        out.println();
        out.println("round  kill@ms  ckpt/s  commit p50/p99/max ms   answer p50 ms prot/failover  extra  takeover ms (silent+restore)  client outage ms  answers  verdict");
        for (final Round r : rounds) {
            if (r.error != null || r.stats == null || r.takeover == null) {
                out.printf("%5d  %7d  %s%n", r.number, r.killAfterMs, r.summary());
                continue;
            }
            final double p50p = r.protectedRtt.getValueAtPercentile(50) / 1000.0;
            final double p50f = r.failedOverRtt.getValueAtPercentile(50) / 1000.0;
            out.printf("%5d  %7d  %6.1f  %5.2f / %5.2f / %6.2f   %6.2f / %6.2f        %6.2f  %4d + %-4d                    %7d          %7d  %s%n",
                    r.number, r.killAfterMs, r.stats.get("commitsPerSecond").asDouble(), r.stats.get("p50Ms").asDouble(),
                    r.stats.get("p99Ms").asDouble(), r.stats.get("maxMs").asDouble(), p50p, p50f, p50p - p50f,
                    r.takeover.get("silentMillis").asLong(), r.takeover.get("restoreMillis").asLong(), r.outageMs, r.replies,
                    r.violations.isEmpty() ? "holds" : "VIOLATION");
        }
        out.println("(ckpt/s: commits per second over all checkpointing VMs in the last second before the kill; commit latency: "
                + "checkpoint start to acknowledgement, cumulative; extra: answer latency with buffering minus without, after failover)");
    }

    /** What one round measured and found. */
    static final class Round {
        final int number;
        final int killAfterMs;
        final List<String> violations = new ArrayList<>();
        String error;
        JsonNode stats;
        JsonNode takeover;
        long outageMs;
        long replies;
        final Histogram protectedRtt = new Histogram(3);
        final Histogram failedOverRtt = new Histogram(3);

        Round(final int number, final int killAfterMs) {
            this.number = number;
            this.killAfterMs = killAfterMs;
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

        /** Waits for a line starting with {@code prefix}; throws naming it on timeout or exit. */
        String await(final String prefix, final long timeoutMs) throws IOException, InterruptedException {
            final long deadline = System.nanoTime() + timeoutMs * 1_000_000;
            while (System.nanoTime() < deadline) {
                final String line = lines.poll(20, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line;
                }
                if (line == null && !process.isAlive() && lines.isEmpty()) {
                    throw new IOException("child exited (" + process.exitValue() + ") before printing '" + prefix.trim() + "'");
                }
            }
            throw new IOException("no '" + prefix.trim() + "' within " + timeoutMs + " ms");
        }
    }
}
