package dev.hac.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.host.CounterClient;
import dev.hac.replication.ServicePorts;
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
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", description = {
        "Live HA pair on loopback: starts a secondary and a primary as separate OS processes, runs UDP clients against",
        "the checkpointing VMs' counters, SIGKILLs the primary at a random moment, lets the secondary take over, and",
        "checks from the clients' side that no answer they saw is missing from the restored state.",
        "Exit 0 only when every round holds; --unsafe turns output buffering off and must show the violation."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rounds", defaultValue = "1", description = "rounds, each with a new random kill moment (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--unsafe", description = "primary runs without NIC output buffering: the check must catch the violation")
    boolean unsafe;

    @Option(names = "--clients", defaultValue = "4", description = "UDP clients, each with its own counter (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--seed", description = "random seed for the kill moments (default: time)")
    Long seed;

    @Option(names = "--kill-after-ms", defaultValue = "500..2000", description = "kill window after protection starts, min..max (default ${DEFAULT-VALUE})")
    String killWindow;

    @Option(names = "--after-ms", defaultValue = "1000", description = "client load after the takeover (default ${DEFAULT-VALUE})")
    int afterMs;

    @Option(names = "--epoch-ms", defaultValue = "25", description = "checkpoint interval (default ${DEFAULT-VALUE})")
    int epochMs;

    @Option(names = "--event-log", paramLabel = "FILE", description = "the primary writes its NDJSON event log here "
            + "(round N of several: FILE with -N before the extension); check it with hac validate --trace FILE")
    Path eventLog;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final int[] window;
        try {
            window = window(killWindow);
            if (rounds < 1 || clients < 1 || clients > 64 || afterMs < 100 || epochMs < 1) {
                throw new IllegalArgumentException("--rounds >= 1, --clients 1..64, --after-ms >= 100, --epoch-ms >= 1");
            }
        } catch (IllegalArgumentException e) {
            err.println("hac demo: " + e.getMessage());
            return Hac.BAD_INPUT;
        }
        final long s = seed != null ? seed : System.nanoTime();
        final Random random = new Random(s);
        out.printf("hac demo: %d round(s), %d clients, epoch %d ms, output buffering %s, seed %d%n", rounds, clients, epochMs,
                unsafe ? "OFF (--unsafe)" : "on", s);
        out.flush();
        final List<Round> results = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            final int killAfter = window[0] + random.nextInt(window[1] - window[0] + 1);
            final Round round = runRound(r, killAfter, out);
            results.add(round);
            out.printf("round %d: %s%n", r, round.summary());
            out.flush();
        }
        printTable(out, results);
        final boolean allHold = results.stream().allMatch(x -> x.violations.isEmpty() && x.error == null);
        if (unsafe) {
            out.println(allHold ? "verdict: no violation observed although output buffering was off (try more --rounds)"
                    : "verdict: VIOLATION caught, as expected without output buffering: clients saw answers the restored state does not contain");
        } else {
            out.println(allHold ? "verdict: HOLDS in every round: no answer a client saw was lost by the takeover"
                    : "verdict: FAILED: see the rounds above");
        }
        out.flush();
        return allHold ? Hac.OK : Hac.FAILED;
    }

    private Path roundLog(final int number) {
        if (rounds == 1) {
            return eventLog;
        }
        final String name = eventLog.getFileName().toString();
        final int dot = name.lastIndexOf('.');
        return eventLog.resolveSibling(dot > 0 ? name.substring(0, dot) + "-" + number + name.substring(dot)
                : name + "-" + number);
    }

    private static int[] window(final String text) {
        final String[] p = text.split("\\.\\.");
        try {
            final int[] w = {Integer.parseInt(p[0].trim()), Integer.parseInt(p[p.length - 1].trim())};
            if (p.length > 2 || w[0] < 0 || w[1] < w[0]) {
                throw new NumberFormatException();
            }
            return w;
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--kill-after-ms '" + text + "': expected min..max in ms, min <= max");
        }
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

    private Round runRound(final int number, final int killAfterMs, final PrintWriter out) throws Exception {
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
            secondary = Child.start("secondary", dir, List.of("secondary", "--listen", "127.0.0.1:0", "--key", key.toString(),
                    "--machine", "--status-ms", "0", "--failure-timeout-ms", "1000"));
            final String ready = secondary.await("READY ", 15_000);
            final int replicationPort = Integer.parseInt(ready.substring(6).trim());
            final List<String> primaryArgs = new ArrayList<>(List.of("primary", "--secondary", "127.0.0.1:" + replicationPort,
                    "--key", key.toString(), "--machine", "--status-ms", "0", "--epoch-ms", String.valueOf(epochMs),
                    "--failure-timeout-ms", "1000",
                    "--vm", "c1:kv:" + ports[0], "--vm", "c2:kv:" + ports[1], "--vm", "p1:bulk:" + ports[2] + ":plain",
                    "--bulk-rate", "200"));
            if (unsafe) {
                primaryArgs.add("--unsafe");
            }
            if (eventLog != null) {
                primaryArgs.addAll(List.of("--event-log", roundLog(number).toAbsolutePath().toString()));
            }
            primary = Child.start("primary", dir, primaryArgs);
            primary.await("READY", 15_000);
            // Protected once the first (whole-memory) checkpoints committed.
            final long protectedBy = System.nanoTime() + 10_000_000_000L;
            while (primary.lastStats() == null || primary.lastStats().get("commits").asLong() < 2) {
                if (System.nanoTime() > protectedBy) {
                    throw new IOException("the primary did not commit a checkpoint within 10 s");
                }
                Thread.sleep(20);
            }
            for (int c = 0; c < clients; c++) {
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
            round.takeover = PrimaryCommand.JSON.readTree(takeover.substring(9));
            Thread.sleep(afterMs);
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

    private void printTable(final PrintWriter out, final List<Round> rounds) {
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

    /** A child JVM running {@code hac <args>} from the same jar/classpath; its stdout is read line by line. */
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
                            stats.set(PrimaryCommand.JSON.readTree(line.substring(6)));
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

        static Child start(final String name, final Path dir, final List<String> args) throws IOException {
            final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseParallelGC", "-Xmx512m", "-cp", System.getProperty("java.class.path"), Hac.class.getName()));
            cmd.addAll(args);
            final ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.redirectError(dir.resolve(name + ".err").toFile());
            return new Child(pb.start(), dir.resolve(name + ".out"));
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
