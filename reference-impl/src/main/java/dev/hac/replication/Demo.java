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
 * <p>The processes run the {@code hac secondary} and {@code hac primary} commands; {@code hacCommand} is the
 * command line that starts {@code hac} (a JVM, its class path and the main class), supplied by the caller.
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
                           int epochMs, boolean unsafe, Path eventLog, Path pcap) {
        public Settings {
            if (rounds < 1 || clients < 1 || clients > 64 || afterMs < 100 || epochMs < 1) {
                throw new IllegalArgumentException("--rounds >= 1, --clients 1..64, --after-ms >= 100, --epoch-ms >= 1");
            }
            if (killAfterMinMs < 0 || killAfterMaxMs < killAfterMinMs) {
                throw new IllegalArgumentException("--kill-after-ms: expected min..max in ms, min <= max");
            }
            if (pcap != null) {
                final Path parent = pcap.toAbsolutePath().getParent();
                if (!Files.isDirectory(parent) || !Files.isWritable(parent)) {
                    throw new IllegalArgumentException("--pcap " + pcap + ": directory " + parent
                            + " does not exist or is not writable");
                }
            }
        }
    }

    private final Settings settings;
    private final List<String> hacCommand;

    public Demo(final Settings settings, final List<String> hacCommand) {
        this.settings = settings;
        this.hacCommand = List.copyOf(hacCommand);
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
            final List<String> secondaryArgs = new ArrayList<>(List.of("secondary", "--listen", "127.0.0.1:0", "--key",
                    key.toString(), "--machine", "--status-ms", "0", "--failure-timeout-ms", "1000"));
            if (settings.pcap() != null) {
                secondaryArgs.addAll(List.of("--pcap", capture(settings.pcap(), "secondary", number, settings.rounds())
                        .toAbsolutePath().toString()));
            }
            secondary = start("secondary", dir, secondaryArgs);
            final String ready = secondary.await("READY ", 15_000);
            final int replicationPort = Integer.parseInt(ready.substring(6).trim());
            final List<String> primaryArgs = new ArrayList<>(List.of("primary", "--secondary", "127.0.0.1:" + replicationPort,
                    "--key", key.toString(), "--machine", "--status-ms", "0", "--epoch-ms", String.valueOf(settings.epochMs()),
                    "--failure-timeout-ms", "1000",
                    "--vm", "c1:kv:" + ports[0], "--vm", "c2:kv:" + ports[1], "--vm", "p1:bulk:" + ports[2] + ":plain",
                    "--bulk-rate", "200"));
            if (settings.unsafe()) {
                primaryArgs.add("--unsafe");
            }
            if (settings.pcap() != null) {
                primaryArgs.addAll(List.of("--pcap", capture(settings.pcap(), "primary", number, settings.rounds())
                        .toAbsolutePath().toString()));
            }
            if (settings.eventLog() != null) {
                primaryArgs.addAll(List.of("--event-log", roundLog(number).toAbsolutePath().toString()));
            }
            primary = start("primary", dir, primaryArgs);
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

    private Child start(final String name, final Path dir, final List<String> args) throws IOException {
        final List<String> cmd = new ArrayList<>(hacCommand);
        cmd.addAll(args);
        final ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(dir.resolve(name + ".err").toFile());
        return new Child(pb.start(), dir.resolve(name + ".out"));
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
