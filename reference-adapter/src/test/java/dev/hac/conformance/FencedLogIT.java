package dev.hac.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.fencing.FileWitness;
import dev.hac.host.CounterClient;
import dev.hac.host.VmSpecs;
import dev.hac.replication.Fencing;
import dev.hac.replication.LiveOptions;
import dev.hac.replication.PartitionProxy;
import dev.hac.replication.PrimaryNode;
import dev.hac.replication.SecondaryNode;
import dev.hac.replication.ServicePorts;
import dev.hac.spec.Scratch;
import dev.hac.wire.SharedKey;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Trace validation of a fenced pair's own logs against Fencing.tla: a primary on 127.0.0.1 and a secondary on
 * 127.0.0.2 (each writing its event log), a file witness, the replication link through a partition proxy, kv clients.
 * One run takes every fencing step the live hosts log: the link is cut (the primary wins the witness and runs
 * unprotected, the secondary loses), the link heals, the secondary restarts empty and joins (a new generation, full
 * copies, protected again), the primary is stopped dead and the joined secondary wins and takes over; then the
 * first host comes back empty, joins the host that took over (roles flipped, one numbering of epochs across it),
 * and takes over in turn when that host is stopped. The four logs, checked together, are a behaviour of Fencing;
 * each edited to do what the fencing rules forbid is rejected at the edited line.
 */
class FencedLogIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Scratch scratch;
    private static Path primaryLog;
    private static Path standbyLog;
    private static Path joinerLog;
    private static Path rejoinerLog;

    @BeforeAll
    static void run() throws Exception {
        scratch = Scratch.create(Path.of("target", "hac", "test"), "fenced");
        final Path dir = scratch.dir("logs");
        primaryLog = dir.resolve("primary.ndjson");
        standbyLog = dir.resolve("secondary-1.ndjson");
        joinerLog = dir.resolve("secondary-2.ndjson");
        rejoinerLog = dir.resolve("secondary-3.ndjson");
        final SharedKey key = new SharedKey(SharedKey.randomBytes(32));
        final LiveOptions options = LiveOptions.defaults()
                .withTimeouts(Duration.ofMillis(10), Duration.ofMillis(300), Duration.ofMillis(200))
                .withBulkFramesPerSecond(0);
        final Fencing fencing = Fencing.with(new FileWitness(dir.resolve("witness.gen")), Duration.ofMillis(300));
        final int[] ports = ServicePorts.freeUdpPorts(1);
        final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        final SecondaryNode standby = new SecondaryNode(new InetSocketAddress("127.0.0.2", 0), key, options, fencing,
                "127.0.0.2", quiet);
        standby.eventLog(standbyLog);
        final InetSocketAddress standbyAt = standby.start();
        SecondaryNode joiner = null;
        SecondaryNode rejoiner = null;
        InetSocketAddress joinerAt = null;
        final CounterClient client;
        try (PartitionProxy link = new PartitionProxy("127.0.0.1", standbyAt)) {
            final PrimaryNode primary = new PrimaryNode(VmSpecs.parse(List.of("c1:kv:" + ports[0])), link.address(),
                    key, options, fencing, "127.0.0.1", primaryLog, quiet);
            primary.listenForJoiners(new InetSocketAddress("127.0.0.1", 0));
            try {
                primary.start(10_000);
                client = new CounterClient(1, List.of(new InetSocketAddress("127.0.0.1", ports[0]),
                        new InetSocketAddress("127.0.0.2", ports[0])));
                client.start();
                await(() -> client.answers() >= 5 && primary.status().commits() >= 3, "protected traffic");
                link.partition(true);
                await(() -> standby.lostGeneration() > 0 && primary.status().mode().equals("unprotected"),
                        "the primary winning the witness, the secondary losing it");
                final long answers = client.answers();
                await(() -> client.answers() >= answers + 3, "unprotected traffic");
                link.partition(false);
                standby.close();
                joiner = new SecondaryNode(new InetSocketAddress("127.0.0.2", 0), key, options, fencing, "127.0.0.2",
                        quiet);
                joiner.eventLog(joinerLog);
                joinerAt = joiner.start();
                joiner.join(primary.joinAddress(), List.of());
                await(() -> primary.replicator().protectedAgainMillis() > 0, "protection again after the join");
                final long again = client.answers();
                await(() -> client.answers() >= again + 3, "protected traffic after the join");
            } finally {
                primary.close();
            }
            final SecondaryNode survivor = joiner;
            await(() -> survivor.takeover() != null, "the joined secondary taking over");
            final long after = client.answers();
            await(() -> client.answers() >= after + 3, "traffic served by the host that took over");
            rejoiner = new SecondaryNode(new InetSocketAddress("127.0.0.1", 0), key, options, fencing, "127.0.0.1",
                    quiet);
            rejoiner.eventLog(rejoinerLog);
            rejoiner.start();
            rejoiner.join(joinerAt, List.of());
            await(() -> survivor.replicator() != null && survivor.replicator().protectedAgainMillis() > 0,
                    "protection again after the first host joined the one that took over");
            final long flipped = client.answers();
            await(() -> client.answers() >= flipped + 3, "protected traffic after the second join");
            survivor.close();
            final SecondaryNode last = rejoiner;
            await(() -> last.takeover() != null, "the first host taking over in turn");
            final long back = client.answers();
            await(() -> client.answers() >= back + 3, "traffic served by the first host again");
            client.stopAndJoin();
        } finally {
            standby.close();
            if (joiner != null) {
                joiner.close();
            }
            if (rejoiner != null) {
                rejoiner.close();
            }
        }
    }

    @AfterAll
    static void clean() {
        scratch.close();
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static TraceValidator.FencedVerdict validate(final Path... logs) throws Exception {
        final FencedTrace trace = FencedTrace.read(List.of(logs));
        final TraceValidator.FencedVerdict v = TraceValidator.validate(trace, TraceValidator.FencedTiming.DEFAULT,
                scratch, s -> { });
        System.out.printf(Locale.ROOT, "%s: %d lines, %s, matched %s, %d states, %.1f s%n", List.of(logs),
                trace.size(), v.accepted() ? "accepted" : "rejected at " + v.firstUnmatched(), v.matched(),
                v.distinctStates(), v.duration().toMillis() / 1000.0);
        return v;
    }

    @Test
    void theLogsOfBothHostsAcrossAPartitionAJoinAndATakeoverAreABehaviourOfFencing() throws Exception {
        assertThat(FencedTrace.specOf(primaryLog)).isEqualTo("Fencing");
        assertThat(FencedTrace.specOf(joinerLog)).isEqualTo("Fencing");
        final List<String> joiner = Files.readAllLines(joinerLog);
        assertThat(joiner).anyMatch(l -> l.contains("\"SecondaryClaimWitness\"") && l.contains("\"won\""))
                .anyMatch(l -> l.contains("\"SecondaryTakeover\""));
        assertThat(Files.readAllLines(standbyLog)).anyMatch(l -> l.contains("\"lost\""));
        assertThat(Files.readAllLines(primaryLog)).anyMatch(l -> l.contains("\"SecondaryJoin\""))
                .anyMatch(l -> l.contains("\"PrimaryProtect\""));
        assertThat(Files.readAllLines(rejoinerLog)).anyMatch(l -> l.contains("\"SecondaryTakeover\""));
        final TraceValidator.FencedVerdict v = validate(primaryLog, standbyLog, joinerLog, rejoinerLog);
        assertThat(v.accepted()).as("rejected at %s", v.firstUnmatched()).isTrue();
        // The primary's log alone: the peer's claims are then unlogged steps.
        assertThat(validate(primaryLog).accepted()).isTrue();
    }

    @Test
    void aFrameSentAfterALostClaimIsRejectedAtThatFrame() throws Exception {
        final List<String> lines = new ArrayList<>(Files.readAllLines(primaryLog));
        final int claim = index(lines, l -> l.contains("\"PrimaryClaimWitness\"") && l.contains("\"won\""));
        final ObjectNode won = (ObjectNode) JSON.readTree(lines.get(claim));
        ((ObjectNode) won.get("args")).put("outcome", "lost");
        lines.set(claim, JSON.writeValueAsString(won));
        // The switch to unprotected mode goes: only a frame sent by the loser remains to be judged.
        lines.remove(index(lines, l -> l.contains("\"PrimaryDetectSecondaryLoss\"")));
        final int frame = index(lines, claim + 1, l -> l.contains("\"NicTransmit\""));
        final Path log = write("lost-then-sent.ndjson", lines.subList(0, frame + 1));
        final TraceValidator.FencedVerdict v = validate(log);
        assertThat(v.accepted()).isFalse();
        assertThat(v.firstUnmatched().get("127.0.0.1").lineNo()).isEqualTo(frame + 1);
    }

    @Test
    void aTakeoverWithoutAWonClaimIsRejectedAtTheTakeover() throws Exception {
        final List<String> lines = new ArrayList<>(Files.readAllLines(joinerLog));
        lines.remove(index(lines, l -> l.contains("\"SecondaryClaimWitness\"") && l.contains("\"won\"")));
        final int takeover = index(lines, l -> l.contains("\"SecondaryTakeover\""));
        final Path log = write("takeover-unwon.ndjson", lines);
        final TraceValidator.FencedVerdict v = validate(primaryLog, standbyLog, log);
        assertThat(v.accepted()).isFalse();
        assertThat(v.firstUnmatched().get("127.0.0.2").source()).isEqualTo(log.toString());
        assertThat(v.firstUnmatched().get("127.0.0.2").lineNo()).isEqualTo(takeover + 1);
    }

    @Test
    void aJoinUnderAGenerationAlreadyGrantedIsRejectedAtTheJoin() throws Exception {
        final List<String> lines = new ArrayList<>(Files.readAllLines(primaryLog));
        final int join = index(lines, l -> l.contains("\"SecondaryJoin\""));
        final ObjectNode j = (ObjectNode) JSON.readTree(lines.get(join));
        final ObjectNode args = (ObjectNode) j.get("args");
        args.put("gen", args.get("gen").asLong() - 1);
        lines.set(join, JSON.writeValueAsString(j));
        final Path log = write("stale-join.ndjson", lines);
        final TraceValidator.FencedVerdict v = validate(log, standbyLog, joinerLog);
        assertThat(v.accepted()).isFalse();
        assertThat(v.firstUnmatched().get("127.0.0.1").lineNo()).isEqualTo(join + 1);
    }

    private static int index(final List<String> lines, final Predicate<String> p) {
        return index(lines, 0, p);
    }

    private static int index(final List<String> lines, final int from, final Predicate<String> p) {
        for (int i = from; i < lines.size(); i++) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such line in the log");
    }

    /** Writes the lines with their step numbers counted again from 1 (a removed line leaves no gap). */
    private static Path write(final String name, final List<String> lines) throws Exception {
        final List<String> out = new ArrayList<>();
        long step = 0;
        for (final String l : lines) {
            final ObjectNode o = (ObjectNode) JSON.readTree(l);
            if (o.has("step")) {
                o.put("step", ++step);
            }
            out.add(JSON.writeValueAsString(o));
        }
        return Files.write(scratch.dir("edited").resolve(name), out);
    }
}
