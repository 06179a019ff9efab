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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live HA demo, continuous: a witness and two hosts as separate OS processes, host A's services on 127.0.0.1
 * and host B's on 127.0.0.2, every replication connection through a {@link PartitionProxy}, and one set of UDP
 * clients for the whole run that send every request to both addresses (an IP takeover as clients see it). Each
 * round does one fault to the host that serves the VMs now, the kinds taken in turn: {@code kill} (SIGKILL),
 * {@code pause} (SIGSTOP past the takeover silence, then SIGCONT: it must halt) or {@code partition} (the link
 * silently cut until one side has won the witness, then healed). The loser is stopped and started again, empty,
 * as a secondary that joins the winner on its replication address (with its own listen and service address, so it
 * can take over in turn), and the next round starts once the winner says it is protected again: roles flip as
 * often as hosts fail. The clients' verdict: no answer they saw is contradicted and never two hosts answer for one
 * VM; the first violation ends the run.
 *
 * <p>The demo describes each host as a typed {@link Host}; the caller's {@link HostLauncher} starts it as a
 * process that prints the machine-readable lines {@code READY [port]}, {@code STATS <json>},
 * {@code TAKEOVER <json>} and {@code HALTED <json>} on stdout, beside its log lines.
 */
public final class Demo {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param faultAfterMinMs, faultAfterMaxMs window after protection (back) in which the round's fault comes
     * @param vmMiB           memory of each checkpointing VM (what a join copies in full)
     * @param eventLog        event logs, or null: each host process writes its own, see {@link #perHost} (without
     *                        fencing only the first primary, whose log is then one of OutputCommit)
     * @param pcap            captures, or null: each host process writes its own, see {@link #perHost}
     */
    public record Settings(int rounds, int clients, long seed, int faultAfterMinMs, int faultAfterMaxMs, int epochMs,
                           int vmMiB, boolean unsafe, Path eventLog, List<Fault> faults, boolean fencing, int faultMs,
                           Path pcap) {
        public Settings {
            if (rounds < 1 || clients < 1 || clients > 64 || epochMs < 1 || vmMiB < 1 || vmMiB > 1024) {
                throw new IllegalArgumentException("rounds must be >= 1, clients 1..64, the epoch >= 1 ms, a VM's memory "
                        + "1..1024 MiB");
            }
            if (faults.isEmpty() || faultMs < 100) {
                throw new IllegalArgumentException("faults: at least one of kill, pause, partition; a fault lasts >= 100 ms");
            }
            faults = List.copyOf(faults);
            if (faultAfterMinMs < 0 || faultAfterMaxMs < faultAfterMinMs) {
                throw new IllegalArgumentException("fault window: expected min..max in ms, min <= max");
            }
            writable("capture", pcap);
            writable("event log", eventLog);
        }

        private static void writable(final String what, final Path file) {
            if (file != null) {
                final Path parent = file.toAbsolutePath().getParent();
                if (!Files.isDirectory(parent) || !Files.isWritable(parent)) {
                    throw new IllegalArgumentException(what + " " + file + ": directory " + parent
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

    /** Progress while a round runs (the caller shows it on its status line). */
    public interface Progress {
        void show(String line);
    }

    /** How long a host may take to start, or a join to complete (a JVM on a loaded machine can need tens of seconds). */
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
     * A secondary: listens on {@code listen} (for the primary, and for joiners once it took over), serves taken-over
     * VMs on {@code bind}; joins the host running the VMs at {@code join} unless it is null, expecting it to run
     * {@code vms} ({@link dev.hac.host.VmSpecs} syntax; empty: any); fenced by {@code witness} ({@code HOST:PORT}),
     * or unfenced when it is null; captures to {@code pcap} and writes its event log to {@code eventLog} if not null.
     */
    public record SecondaryHost(InetSocketAddress listen, String bind, Path key, int failureTimeoutMs, String witness,
                                Path pcap, Path eventLog, InetSocketAddress join, List<String> vms) implements Host {
        public SecondaryHost {
            vms = List.copyOf(vms);
        }
    }

    /**
     * The primary: runs {@code vms} (in {@link dev.hac.host.VmSpecs} syntax) on {@code bind}, replicates to
     * {@code secondary} every {@code epochMs}, takes joiners on {@code listen} (null: none); output buffering unless
     * {@code unsafe}; fenced as {@link SecondaryHost}; writes its event log to {@code eventLog} and its capture to
     * {@code pcap} if not null.
     */
    public record PrimaryHost(InetSocketAddress secondary, InetSocketAddress listen, String bind, Path key,
                              int failureTimeoutMs, int epochMs, List<String> vms, int bulkRate, long connectTimeoutMs,
                              String witness, boolean unsafe, Path eventLog, Path pcap) implements Host {
        public PrimaryHost {
            vms = List.copyOf(vms);
        }
    }

    /** Starts a host as a process, its stderr going to {@code stderr}. */
    public interface HostLauncher {
        Process start(Host host, Path stderr) throws IOException;
    }

    /** One host process of the run: its machine's address, its replication port and the proxy in front of it. */
    private record Running(String name, String address, Child child, PartitionProxy proxy) {
        void stop() throws InterruptedException, IOException {
            child.process.destroyForcibly(); // SIGKILL on Unix
            child.process.waitFor(5, TimeUnit.SECONDS);
            proxy.close();
        }
    }

    private final Settings settings;
    private final HostLauncher launcher;
    private Path dir;
    private Path key;
    private String witnessAddress;
    private List<String> vms;
    /** The event logs of the host processes, in the order they started (each host's incarnations in order). */
    private final List<Path> eventLogs = new ArrayList<>();

    public Demo(final Settings settings, final HostLauncher launcher) {
        this.settings = settings;
        this.launcher = launcher;
    }

    private static final String HOST_A = "127.0.0.1";
    private static final String HOST_B = "127.0.0.2";
    private static final String WITNESS_HOST = "127.0.0.3";

    /** Runs every round, printing a line per round, then the tables; true when every round holds. */
    public boolean run(final PrintWriter out, final Progress progress) throws InterruptedException, IOException {
        final Random random = new Random(settings.seed());
        out.printf("hac demo: %d round(s), continuous, faults %s, %d clients, epoch %d ms, 2 x %d MiB checkpointing VMs, "
                        + "output buffering %s, fencing %s, seed %d%n",
                settings.rounds(), settings.faults().stream().map(Fault::label).toList(), settings.clients(),
                settings.epochMs(), settings.vmMiB(), settings.unsafe() ? "OFF on the first primary (--unsafe)" : "on",
                settings.fencing() ? "witness + lease" : "OFF (--no-fencing)", settings.seed());
        out.flush();
        dir = Files.createTempDirectory("hac-demo-");
        key = dir.resolve("pair.key");
        SharedKey.generate(key);
        final int[] ports = ServicePorts.freeUdpPorts(3);
        final String ckpt = ":ckpt:" + settings.vmMiB();
        vms = List.of("c1:kv:" + ports[0] + ckpt, "c2:kv:" + ports[1] + ckpt, "p1:bulk:" + ports[2] + ":plain");
        final List<Round> results = new ArrayList<>();
        final List<CounterClient> clients = new ArrayList<>();
        final List<Running> hosts = new ArrayList<>();
        Child witness = null;
        String setupError = null;
        try {
            if (settings.fencing()) {
                // The third machine: one witness for the whole run, its generations counting on round after round.
                witness = start("witness", new WitnessHost(new InetSocketAddress(WITNESS_HOST, 0), key,
                        dir.resolve("witness.gen")));
                witnessAddress = WITNESS_HOST + ":" + witness.await("READY ", STARTUP_MS).substring(6).trim();
            }
            progress.show("starting the pair");
            Running standby = secondary("secondary", HOST_B, null);
            hosts.add(standby);
            Running serving = primary(standby);
            hosts.add(serving);
            // On a loaded machine the first full copies can take longer than the failure timeout: then one of the
            // two won the witness, and the other joins it as after any round's fault.
            final Round setup = new Round(0, Fault.KILL, 0, HOST_A);
            if (!serving.child.process.isAlive()) {
                standby.child.await("TAKEOVER ", OUTCOME_MS);
                final Running halted = serving;
                serving = standby;
                standby = rejoin(serving, halted, "joiner-0", hosts, setup);
            } else if ("unprotected".equals(serving.child.lastStats().get("mode").asText())) {
                standby = rejoin(serving, standby, "joiner-0", hosts, setup);
            }
            for (int c = 0; c < settings.clients(); c++) {
                final int port = ports[c % 2];
                final CounterClient client = new CounterClient(c + 1, List.of(new InetSocketAddress(HOST_A, port),
                        new InetSocketAddress(HOST_B, port)));
                clients.add(client);
                client.start();
            }
            for (int r = 1; r <= settings.rounds(); r++) {
                final int after = settings.faultAfterMinMs()
                        + random.nextInt(settings.faultAfterMaxMs() - settings.faultAfterMinMs() + 1);
                final Round round = new Round(r, settings.faults().get((r - 1) % settings.faults().size()), after,
                        serving.address());
                progress.show(String.format("round %d/%d: %s of the host serving on %s in %d ms; held so far %d/%d",
                        r, settings.rounds(), round.fault.label(), serving.address(), after,
                        results.stream().filter(Round::holds).count(), r - 1));
                results.add(round);
                final Running[] next = runRound(round, serving, standby, clients, hosts, progress);
                if (next != null) {
                    serving = next[0];
                    standby = next[1];
                }
                out.printf("round %d (%s): %s%n", r, round.fault.label(), round.summary());
                out.flush();
                if (!round.holds()) {
                    break; // a violation stopped the clients that saw it; an error left the pair in an unknown state
                }
            }
        } catch (IOException | RuntimeException e) {
            setupError = e.getMessage() + " (logs in " + dir + ")";
        } finally {
            try {
                for (final CounterClient c : clients) {
                    c.stopAndJoin();
                }
                final Round last = results.isEmpty() ? null : results.get(results.size() - 1);
                if (last != null && last.holds()) {
                    // Each counter read back from the host serving now: it must hold every value its client saw.
                    for (final CounterClient c : clients) {
                        c.finalCheck();
                    }
                    last.violations.addAll(violations(clients));
                }
            } finally {
                for (final Running h : hosts) {
                    h.stop();
                }
                if (witness != null) {
                    witness.process.destroyForcibly();
                }
            }
        }
        if (setupError != null) {
            out.println("hac demo: the pair did not start: " + setupError);
            out.flush();
            return false;
        }
        printTable(out, results);
        printFaultTable(out, results);
        if (!eventLogs.isEmpty()) {
            out.println("event logs, checked together by: hac validate " + String.join(" ",
                    eventLogs.stream().map(Path::toString).toList()));
        }
        final boolean allHold = results.size() == settings.rounds() && results.stream().allMatch(Round::holds);
        final boolean caught = results.stream().anyMatch(x -> !x.violations.isEmpty());
        if (settings.unsafe() || !settings.fencing()) {
            out.println(!caught ? "verdict: no violation observed although " + (settings.unsafe() ? "output buffering"
                    : "fencing") + " was off (try more --rounds)"
                    : "verdict: VIOLATION caught, as expected without " + (settings.unsafe()
                    ? "output buffering: clients saw answers the restored state does not contain"
                    : "fencing: two hosts served the VMs (split brain)"));
        } else {
            out.println(allHold ? "verdict: HOLDS in every round: no answer a client saw was contradicted, never two "
                    + "hosts answered, protection came back every time"
                    : "verdict: FAILED: see the rounds above");
        }
        out.flush();
        return allHold;
    }

    /** The file of the host process {@code name} ("primary", "secondary", "joiner-N"): its name before the extension. */
    public static Path perHost(final Path file, final String name) {
        final String f = file.getFileName().toString();
        final int dot = f.lastIndexOf('.');
        final String suffix = "-" + name;
        return file.resolveSibling(dot > 0 ? f.substring(0, dot) + suffix + f.substring(dot) : f + suffix);
    }

    private Path captureOf(final String name) {
        return settings.pcap() == null ? null : perHost(settings.pcap(), name).toAbsolutePath();
    }

    /** Where host process {@code name} writes its event log, or null; remembered in start order. */
    private Path eventLogOf(final String name, final boolean secondary) {
        if (settings.eventLog() == null || secondary && !settings.fencing()) {
            return null;
        }
        final Path log = perHost(settings.eventLog(), name).toAbsolutePath();
        eventLogs.add(log);
        return log;
    }

    /** A secondary on {@code address} joining the host behind {@code join} (null: waiting for the first primary). */
    private Running secondary(final String name, final String address, final InetSocketAddress join)
            throws IOException, InterruptedException {
        final Child c = start(name, new SecondaryHost(new InetSocketAddress(address, 0), address, key, FAILURE_MS,
                witnessAddress, captureOf(name), eventLogOf(name, true), join, join == null ? List.of() : vms));
        final int port = Integer.parseInt(c.await("READY ", STARTUP_MS).substring(6).trim());
        return new Running(name, address, c, new PartitionProxy(address.equals(HOST_A) ? HOST_B : HOST_A,
                new InetSocketAddress(address, port)));
    }

    /**
     * The first primary, on host A, replicating to {@code secondary}; returns once its first checkpoints committed,
     * or once it lost the secondary (or halted) before that.
     */
    private Running primary(final Running secondary) throws IOException, InterruptedException {
        final Child c = start("primary", new PrimaryHost(secondary.proxy.address(), new InetSocketAddress(HOST_A, 0),
                HOST_A, key, FAILURE_MS, settings.epochMs(), vms, 200, STARTUP_MS, witnessAddress, settings.unsafe(),
                eventLogOf("primary", false), captureOf("primary")));
        final int port = Integer.parseInt(c.await("READY ", STARTUP_MS).substring(6).trim());
        final long protectedBy = System.nanoTime() + STARTUP_MS * 1_000_000L;
        while (!c.process.waitFor(20, TimeUnit.MILLISECONDS)) {
            final JsonNode stats = c.lastStats();
            if (stats != null && (stats.get("commits").asLong() >= 2 || "unprotected".equals(stats.get("mode").asText()))) {
                break;
            }
            if (System.nanoTime() > protectedBy) {
                throw new IOException("the primary did not commit a checkpoint within " + STARTUP_MS / 1000 + " s");
            }
        }
        return new Running("primary", HOST_A, c, new PartitionProxy(HOST_B, new InetSocketAddress(HOST_A, port)));
    }

    /**
     * One round: the fault, its outcome, the loser restarted as a joiner of the winner, protection back. Returns the
     * new serving host and its standby, or null when the round ended in an error or a violation (then the pair is
     * left as it is and the run ends).
     */
    private Running[] runRound(final Round round, final Running serving, final Running standby,
                               final List<CounterClient> clients, final List<Running> hosts, final Progress progress)
            throws InterruptedException {
        final long answersBefore = clients.stream().mapToLong(CounterClient::answers).sum();
        try {
            Thread.sleep(round.faultAfterMs);
            awaitProtected(serving);
            final long faultAt = System.nanoTime();
            round.faultAtNanos = faultAt;
            clients.forEach(c -> c.markPhase(faultAt));
            final Running winner = inject(round, serving, standby, clients);
            if (winner == null) {
                round.violations.addAll(violations(clients));
                return null;
            }
            final Running loser = winner == serving ? standby : serving;
            progress.show(String.format("round %d/%d: %s serves; restarting %s empty, to join it", round.number,
                    settings.rounds(), winner.address(), loser.address()));
            final Running joiner = rejoin(winner, loser, "joiner-" + round.number, hosts, round);
            awaitAnswers(clients);
            round.outageMs = clients.stream().mapToLong(CounterClient::longestGapMillis).max().orElse(0);
            round.answers = clients.stream().mapToLong(CounterClient::answers).sum() - answersBefore;
            round.violations.addAll(violations(clients));
            return round.violations.isEmpty() ? new Running[] {winner, joiner} : null;
        } catch (IOException | RuntimeException e) {
            round.error = e.getMessage() + " (logs in " + dir + ")";
            return null;
        }
    }

    /**
     * Stops {@code loser} and starts its machine again, empty, as a secondary that joins {@code winner}; returns it
     * once the winner says it is protected again, with the winner's figures of that join in {@code round}.
     */
    private Running rejoin(final Running winner, final Running loser, final String name, final List<Running> hosts,
                           final Round round) throws IOException, InterruptedException {
        loser.stop();
        // Protection lines from before (the pair lost and regained its secondary between faults) are not this join's.
        winner.child.lines.removeIf(l -> l.startsWith(PROTECTED_LINE));
        final long restartAt = System.nanoTime();
        final Running joiner = secondary(name, loser.address(), winner.proxy.address());
        hosts.add(joiner);
        round.restartMs = (System.nanoTime() - restartAt) / 1_000_000;
        final String line = winner.child.await(PROTECTED_LINE, STARTUP_MS);
        final Matcher m = PROTECTED.matcher(line);
        if (!m.find()) {
            throw new IOException(winner.name() + ": unreadable protection line: " + line);
        }
        round.generation = Long.parseLong(m.group(1));
        round.resyncMs = Long.parseLong(m.group(2));
        // From the fault, not from the winner's last loss of a peer: a joiner lost mid-copy restarts that count.
        round.unprotectedMs = round.faultAtNanos == 0 ? Long.parseLong(m.group(3))
                : (winner.child.arrived.get(line) - round.faultAtNanos) / 1_000_000;
        return joiner;
    }

    /**
     * Waits until {@code serving} is protected with its secondary in sync: on a loaded machine the pair can lose its
     * secondary between two faults (the joiner then joins again by itself), and a fault before it is back would
     * be a double failure, which no pair survives.
     */
    private static void awaitProtected(final Running serving) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + STARTUP_MS * 1_000_000L;
        while (true) {
            final JsonNode s = serving.child.lastStats();
            if (s != null && "protected".equals(s.get("mode").asText()) && !s.get("syncing").asBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline || !serving.child.process.isAlive()) {
                throw new IOException(serving.name() + " is not protected again within " + STARTUP_MS / 1000 + " s");
            }
            Thread.sleep(20);
        }
    }

    /** What the clients saw go wrong; the first violation ends the run, so all of it belongs to this round. */
    private static List<String> violations(final List<CounterClient> clients) {
        final List<String> all = new ArrayList<>();
        clients.forEach(c -> all.addAll(c.violations()));
        return all;
    }

    /** Every client answered again since now: the round's outage figures are closed. */
    private static void awaitAnswers(final List<CounterClient> clients) throws IOException, InterruptedException {
        final long[] seen = clients.stream().mapToLong(CounterClient::answers).toArray();
        final long deadline = System.nanoTime() + OUTCOME_MS * 1_000_000L;
        for (int i = 0; i < seen.length; i++) {
            while (clients.get(i).answers() <= seen[i] && clients.get(i).violations().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("client " + (i + 1) + " got no answer within " + OUTCOME_MS + " ms after "
                            + "protection came back");
                }
                Thread.sleep(10);
            }
        }
    }

    /**
     * Does the round's fault to {@code serving} and waits for its outcome; returns the host that serves now, or
     * null when, without fencing, both hosts served (the clients then report it).
     */
    private Running inject(final Round round, final Running serving, final Running standby,
                           final List<CounterClient> clients) throws IOException, InterruptedException {
        final long at = System.nanoTime();
        final Child primary = serving.child;
        final Child secondary = standby.child;
        switch (round.fault) {
            case KILL -> {
                primary.process.destroyForcibly(); // SIGKILL on Unix
                primary.process.waitFor(5, TimeUnit.SECONDS);
                tookOver(round, secondary, secondary.await("TAKEOVER ", OUTCOME_MS), at);
                return standby;
            }
            case PAUSE -> {
                signal(primary.process, "STOP");
                Thread.sleep(settings.faultMs());
                final String takeover = settings.fencing() ? secondary.await("TAKEOVER ", OUTCOME_MS) : null;
                final long resumed = System.nanoTime();
                signal(primary.process, "CONT");
                if (takeover == null) {
                    return splitBrain(round, secondary, at, clients) ? null : standby;
                }
                tookOver(round, secondary, takeover, at);
                primary.await("HALTED ", OUTCOME_MS);
                round.loserStopMs = (primary.seenAt(HALTED) - resumed) / 1_000_000;
                if (!primary.process.waitFor(OUTCOME_MS, TimeUnit.MILLISECONDS) || primary.process.exitValue() != 3) {
                    throw new IOException("the halted host " + serving.name() + " did not exit with 3");
                }
                return standby;
            }
            case PARTITION -> {
                serving.proxy.partition(true);
                standby.proxy.partition(true);
                Thread.sleep(settings.faultMs());
                try {
                    if (!settings.fencing()) {
                        return splitBrain(round, secondary, at, clients) ? null : standby;
                    }
                    // The link stays cut until one side won the witness: a heal before that would only withdraw
                    // the claims. Usually the serving host claims first (its failure timeout is shorter than the
                    // takeover silence) and keeps the VMs.
                    final String outcome = secondary.await(List.of(LOST, "TAKEOVER "), OUTCOME_MS);
                    if (outcome.startsWith(LOST)) {
                        round.loserStopMs = (secondary.seenAt(outcome) - at) / 1_000_000;
                        return serving;
                    }
                    tookOver(round, secondary, outcome, at);
                } finally {
                    serving.proxy.partition(false);
                    standby.proxy.partition(false);
                }
                primary.await("HALTED ", OUTCOME_MS);
                round.loserStopMs = (primary.seenAt(HALTED) - at) / 1_000_000;
                return standby;
            }
            default -> throw new IllegalStateException(round.fault.name());
        }
    }

    /** The standby's {@code TAKEOVER} line, and the time from the fault to its log line saying it serves. */
    private static void tookOver(final Round round, final Child secondary, final String line, final long faultAt)
            throws IOException {
        round.takeover = JSON.readTree(line.substring(9));
        round.takeoverMs = (secondary.seenAt(SERVING) - faultAt) / 1_000_000;
    }

    /**
     * Without fencing the standby takes over on silence alone and the old primary, back, serves too: waits for the
     * clients to see it. True when they did; false when they saw nothing (the demo then stops the old primary).
     */
    private boolean splitBrain(final Round round, final Child secondary, final long faultAt,
                               final List<CounterClient> clients) throws IOException, InterruptedException {
        tookOver(round, secondary, secondary.await("TAKEOVER ", OUTCOME_MS), faultAt);
        final long deadline = System.nanoTime() + settings.faultMs() * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (clients.stream().anyMatch(c -> !c.violations().isEmpty())) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** The hosts' own log lines, printed the moment it happens (the machine-readable lines come a turn later). */
    private static final String SERVING = "hac secondary: *** TAKEOVER";
    private static final String HALTED = "hac primary: *** HALTED";
    private static final String LOST = "hac secondary: LOST the witness";
    private static final String PROTECTED_LINE = "hac primary: *** PROTECTED again";
    private static final Pattern PROTECTED = Pattern.compile(
            "generation (\\d+): full copies applied in (\\d+) ms after (\\d+) ms unprotected");

    private static void signal(final Process p, final String signal) throws IOException, InterruptedException {
        final Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + p.pid() + " failed");
        }
    }

    private Child start(final String name, final Host host) throws IOException {
        return new Child(launcher.start(host, dir.resolve(name + ".err")), dir.resolve(name + ".out"));
    }

    private static void printTable(final PrintWriter out, final List<Round> rounds) {
        out.println();
        out.println("round  fault      fault@ms  served by  takeover ms (silent+restore)  loser stop ms  restart ms  "
                + "resync ms  unprotected ms  generation  client outage ms  answers  verdict");
        for (final Round r : rounds) {
            if (r.error != null) {
                out.printf("%5d  %-9s  %8d  %-9s  %s%n", r.number, r.fault.label(), r.faultAfterMs, r.servedBy, r.summary());
                continue;
            }
            out.printf("%5d  %-9s  %8d  %-9s  %28s  %13s  %10s  %9s  %14s  %10s  %16d  %7d  %s%n",
                    r.number, r.fault.label(), r.faultAfterMs, r.servedBy, r.takeoverMs < 0 ? "-" : r.takeoverMs
                            + (r.takeover == null ? "" : " (" + r.takeover.get("silentMillis").asLong() + "+"
                            + r.takeover.get("restoreMillis").asLong() + ")"),
                    dash(r.loserStopMs), dash(r.restartMs), dash(r.resyncMs), dash(r.unprotectedMs), dash(r.generation),
                    r.outageMs, r.answers, r.violations.isEmpty() ? "holds" : "VIOLATION");
        }
        out.println("(served by: the host faulted; takeover: fault to the other host serving; loser stop: pause: SIGCONT "
                + "to the faulted host's halt, partition: cut to the losing claim; restart: the loser's new process up; "
                + "resync: the join's full copies, join to last acknowledgement; unprotected: fault to protection back "
                + "(the winner's log line); client outage: the longest time a client went without an answer)");
    }

    private static String dash(final long v) {
        return v < 0 ? "-" : String.valueOf(v);
    }

    /** Per fault kind: rounds held, and the timings as median and max over the rounds that had them. */
    private static void printFaultTable(final PrintWriter out, final List<Round> rounds) {
        out.println();
        out.println("fault      rounds  held  flipped  outage ms p50 / max  takeover ms p50 / max  unprotected ms p50 / max"
                + "  resync ms p50 / max");
        for (final Fault f : Fault.values()) {
            final List<Round> of = rounds.stream().filter(r -> r.fault == f).toList();
            if (of.isEmpty()) {
                continue;
            }
            out.printf("%-9s  %6d  %4d  %7d  %19s  %21s  %24s  %19s%n", f.label(), of.size(),
                    of.stream().filter(Round::holds).count(), of.stream().filter(r -> r.takeoverMs >= 0).count(),
                    spread(of, r -> r.outageMs), spread(of, r -> r.takeoverMs), spread(of, r -> r.unprotectedMs),
                    spread(of, r -> r.resyncMs));
        }
    }

    private static String spread(final List<Round> rounds, final java.util.function.ToLongFunction<Round> figure) {
        final long[] v = rounds.stream().filter(Round::holds).mapToLong(figure).filter(x -> x >= 0).sorted().toArray();
        return v.length == 0 ? "-" : v[v.length / 2] + " / " + v[v.length - 1];
    }

    /** What one round measured and found. */
    static final class Round {
        final int number;
        final Fault fault;
        final int faultAfterMs;
        /** The address of the host that served when the fault came. */
        final String servedBy;
        final List<String> violations = new ArrayList<>();
        String error;
        JsonNode takeover;
        /** Fault to the standby's TAKEOVER line; -1 without a takeover. */
        long takeoverMs = -1;
        /** Pause: SIGCONT to the faulted host's HALTED line. Partition: cut to the losing claim. -1: none. */
        long loserStopMs = -1;
        long restartMs = -1;
        long resyncMs = -1;
        long unprotectedMs = -1;
        long generation = -1;
        /** When the fault came ({@link System#nanoTime}); 0 before it. */
        long faultAtNanos;
        long outageMs;
        long answers;

        Round(final int number, final Fault fault, final int faultAfterMs, final String servedBy) {
            this.number = number;
            this.fault = fault;
            this.faultAfterMs = faultAfterMs;
            this.servedBy = servedBy;
        }

        boolean holds() {
            return error == null && violations.isEmpty();
        }

        String summary() {
            if (error != null) {
                return "ERROR " + error;
            }
            if (!violations.isEmpty()) {
                return "VIOLATION: " + violations.get(0) + (violations.size() > 1 ? " (+" + (violations.size() - 1) + " more)" : "");
            }
            return "holds: " + (takeoverMs >= 0 ? "takeover " + takeoverMs + " ms" : "the serving host kept the VMs")
                    + ", unprotected " + unprotectedMs + " ms, resync " + resyncMs + " ms, client outage " + outageMs
                    + " ms, generation " + generation;
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
