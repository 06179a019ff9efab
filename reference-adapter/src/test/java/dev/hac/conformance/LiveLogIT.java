package dev.hac.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hac.host.BufferLimits;
import dev.hac.host.CheckpointTrigger;
import dev.hac.host.CounterClient;
import dev.hac.host.VmSpecs;
import dev.hac.nic.OverflowPolicy;
import dev.hac.nic.SchedulerPolicy;
import dev.hac.replication.CheckpointTriggers;
import dev.hac.replication.Fencing;
import dev.hac.replication.LiveOptions;
import dev.hac.replication.PrimaryNode;
import dev.hac.replication.SecondaryNode;
import dev.hac.replication.ServicePorts;
import dev.hac.spec.Scratch;
import dev.hac.wire.SharedKey;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Trace validation of real live runs: a primary and a secondary over TCP in this JVM,
 * kv clients on UDP, the primary writing its NDJSON event log; TLC must accept every
 * such log, and must reject the log of the unsafe primary (output buffering off).
 */
class LiveLogIT {

    private static Scratch scratch;

    @BeforeAll
    static void scratch() throws Exception {
        scratch = Scratch.create(Path.of("target", "hac", "test"), "live");
    }

    @AfterAll
    static void clean() {
        scratch.close();
    }

    /**
     * Runs a live pair with kv clients on the checkpointing VMs until they have had answers,
     * then {@code millis} more; returns the primary's event log.
     */
    private static Path liveRun(final String name, final LiveOptions options, final long millis) throws Exception {
        final Path log = scratch.dir("logs").resolve(name + ".ndjson");
        final SharedKey key = new SharedKey(SharedKey.randomBytes(32));
        final int[] ports = ServicePorts.freeUdpPorts(3);
        final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (SecondaryNode secondary = new SecondaryNode(new InetSocketAddress("127.0.0.1", 0), key, options,
                Fencing.none(), "127.0.0.1", quiet)) {
            final InetSocketAddress at = secondary.start();
            final List<CounterClient> clients = new ArrayList<>();
            try (PrimaryNode primary = new PrimaryNode(VmSpecs.parse(List.of("c1:kv:" + ports[0], "c2:kv:" + ports[1],
                    "p1:bulk:" + ports[2] + ":plain")), at, key, options, Fencing.none(), "127.0.0.1", log, quiet)) {
                primary.start(10_000);
                for (int i = 0; i < 2; i++) {
                    final CounterClient c = new CounterClient(i + 1, new InetSocketAddress("127.0.0.1", ports[i]));
                    clients.add(c);
                    c.start();
                }
                // Run until the checkpointing VMs have answered (so their frames went through the
                // buffers), then for the given time.
                final long deadline = System.nanoTime() + 10_000_000_000L;
                while (clients.stream().mapToLong(CounterClient::answers).sum() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                Thread.sleep(millis);
                clients.forEach(CounterClient::stopAndJoin);
                assertThat(clients.stream().mapToLong(CounterClient::answers).sum()).as("kv answers").isGreaterThanOrEqualTo(3);
            }
        }
        return log;
    }

    private static Map<String, JsonNode> constants(final LiveOptions o) {
        final JsonNodeFactory json = JsonNodeFactory.instance;
        final Map<String, JsonNode> c = new LinkedHashMap<>();
        c.put("Cap", json.numberNode(o.limits().maxFrames()));
        final boolean bypass = o.policy().kind() == SchedulerPolicy.Kind.BOUNDED_BYPASS;
        c.put("Policy", json.textNode(bypass ? "bypass" : "strict"));
        c.put("K", json.numberNode(bypass ? o.policy().k() : 1));
        c.put("Overflow", json.textNode(switch (o.limits().overflow()) {
            case BACKPRESSURE -> "backpressure";
            case DROP -> "drop";
            default -> "early";
        }));
        return c;
    }

    private static TraceValidator.Verdict validate(final Path log, final LiveOptions o) throws Exception {
        // The live log's header carries the constants; the options' view must agree with it.
        final EventLog read = EventLog.read(log, Map.of());
        final ModelConstants fromOptions = EventLog.read(log, constants(o)).constants();
        assertThat(List.of(read.constants().ckptVms(), read.constants().plainVms(), read.constants().cap(),
                read.constants().policy(), read.constants().k(), read.constants().overflow()))
                .isEqualTo(List.of(fromOptions.ckptVms(), fromOptions.plainVms(), fromOptions.cap(),
                        fromOptions.policy(), fromOptions.k(), fromOptions.overflow()));
        final TraceValidator.Verdict v = TraceValidator.validate(read, scratch, s -> { });
        System.out.printf(Locale.ROOT, "%s: %d lines, %s, matched %d, %.1f s%n", log.getFileName(), read.lines().size(),
                v.accepted() ? "accepted" : "rejected at line " + v.firstUnmatched().lineNo(), v.matched(),
                v.duration().toMillis() / 1000.0);
        return v;
    }

    @Test
    void acceptsTheLogsOfLiveRunsUnderSeveralConfigurations() throws Exception {
        // Checkpoints on output (as many as the answers cause, at most one a millisecond) and on the timer: the
        // spec lets a checkpoint start at any time, so either trigger's log must validate.
        final List<LiveOptions> configs = List.of(
                LiveOptions.defaults().withBulkFramesPerSecond(200)
                        .withTriggers(new CheckpointTriggers(CheckpointTrigger.OUTPUT, Map.of(), Duration.ofMillis(1))),
                LiveOptions.defaults().withPolicy(SchedulerPolicy.boundedBypass(2)).withBulkFramesPerSecond(400),
                LiveOptions.defaults().withLimits(new BufferLimits(4, 1L << 20, OverflowPolicy.DROP))
                        .withBulkFramesPerSecond(100));
        for (int i = 0; i < configs.size(); i++) {
            final TraceValidator.Verdict v = validate(liveRun("live-" + i, configs.get(i), 300), configs.get(i));
            assertThat(v.accepted()).as("live run %d rejected at %s", i, v.firstUnmatched()).isTrue();
            assertThat(v.matched()).isGreaterThan(20);
        }
    }

    @Test
    void rejectsALiveLogWithOneLineEditedToReleaseAFrameBeforeItsCommit() throws Exception {
        final LiveOptions o = LiveOptions.defaults().withBulkFramesPerSecond(100);
        final List<String> lines = new ArrayList<>(java.nio.file.Files.readAllLines(liveRun("edited", o, 300)));
        final int edited = LogEdits.releaseBeforeCommit(lines);
        assertThat(edited).as("the live run buffered a frame").isPositive();
        final Path log = java.nio.file.Files.write(scratch.dir("logs").resolve("edited-cut.ndjson"), lines);
        final TraceValidator.Verdict v = validate(log, o);
        assertThat(v.accepted()).isFalse();
        assertThat(v.firstUnmatched().lineNo()).isEqualTo(edited);
    }

    @Test
    void rejectsTheLogOfAPrimaryThatReleasesBeforeCommit() throws Exception {
        final LiveOptions unsafe = LiveOptions.defaults().withOutputBuffering(false).withBulkFramesPerSecond(100);
        final TraceValidator.Verdict v = validate(liveRun("unsafe", unsafe, 300), unsafe);
        // Rejected before any frame leaves early: with buffering off the NIC never seals an epoch, so the
        // first HacStartCheckpoint already leaves epoch where the spec opens the next one.
        assertThat(v.accepted()).isFalse();
    }
}
