package dev.hac.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.host.BufferLimits;
import dev.hac.host.CounterClient;
import dev.hac.host.Mode;
import dev.hac.nic.NicCounters;
import dev.hac.nic.OverflowPolicy;
import dev.hac.nic.Reason;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Network faults and overload: the pair recovers or degrades loudly, clients never see a lost answer, and the
 * primary's event log shows no frame left before its commit (with the primary alive, clients cannot see that).
 */
class ReplicationFaultsIT {

    private static void armOnce(final Pair pair, final ChaosProxy.Verdict verdict, final AtomicBoolean armed) {
        pair.proxy.rule = (d, type, length) -> d == ChaosProxy.Direction.TO_SECONDARY && type == 2 && armed.getAndSet(false)
                ? verdict : ChaosProxy.Verdict.FORWARD;
    }

    /** A checkpoint damaged on the wire (CORRUPT) or cut off with its connection (TRUNCATE_AND_CLOSE). */
    @ParameterizedTest
    @CsvSource({"CORRUPT, BAD_CRC", "TRUNCATE_AND_CLOSE, TRUNCATED"})
    void aDamagedOrCutCheckpointIsRefusedAbortedAndCoveredByTheNextOneOverANewLink(final ChaosProxy.Verdict fault,
                                                                                     final String refusal) throws Exception {
        try (Pair pair = new Pair(LiveOptions.defaults())) {
            pair.logged().primaryInProcess(LiveOptions.defaults(), "").clients(4).awaitAnswers(20);
            final AtomicBoolean armed = new AtomicBoolean(true);
            armOnce(pair, fault, armed);
            Pair.await(() -> !armed.get() && pair.proxy.connections.get() >= 2, 5000, "the fault and the reconnection");
            final long applied = pair.secondary.applied();
            Pair.await(() -> pair.secondary.applied() > applied + 10, 5000, "checkpoints after the reconnection");
            assertThat(pair.secondaryLog.toString()).contains(refusal);
            assertThat(pair.primaryLog.toString()).contains("REPLICATION LINK LOST");
            assertThat(pair.node.replicator().aborts()).isGreaterThanOrEqualTo(1);
            assertThat(pair.secondary.takeover()).as("the primary lives: no takeover").isNull();
            assertThat(pair.node.replicator().mode()).isEqualTo(Mode.PROTECTED);
            pair.assertClientsSawNoLostAnswer(20);
            pair.assertPrimaryKeptOutputCommit();
        }
    }

    /**
     * A secondary that restarts within the failure timeout holds nothing: unless its first checkpoint of each VM
     * is whole, the counters of clients that went quiet before the restart are missing after a takeover.
     */
    @Test
    void aSecondaryRestartedWithinTheFailureTimeoutGetsFullCopiesAndATakeoverLosesNoCounter() throws Exception {
        try (Pair pair = new Pair(LiveOptions.defaults())) {
            pair.logged().primaryInProcess(LiveOptions.defaults(), "").clients(4).awaitAnswers(20);
            pair.clients.forEach(CounterClient::stopAndJoin); // their counters' pages are not written again
            pair.restartSecondary();
            pair.clients(2);
            Pair.await(() -> pair.secondary.applied() >= 4, 5000, "checkpoints applied by the restarted secondary");
            assertThat(pair.node.replicator().mode()).isEqualTo(Mode.PROTECTED);
            pair.awaitAnswers(10); // released by the restarted secondary's acks
            pair.crashPrimaryInProcess();
            pair.awaitTakeover();
            pair.assertClientsSawNoLostAnswer(30);
            pair.assertPrimaryKeptOutputCommit();
            assertThat(pair.secondary.refused()).isZero();
        }
    }

    @Test
    void aLostAcknowledgementAbortsTheCheckpointAndIsIgnoredWhenItArrivesLate() throws Exception {
        final LiveOptions o = LiveOptions.defaults().withTimeouts(Duration.ofMillis(10), Duration.ofMillis(1500), Duration.ofMillis(100));
        try (Pair pair = new Pair(o)) {
            pair.logged().primaryInProcess(o, "").clients(4).awaitAnswers(20);
            pair.proxy.stallToPrimary = true; // acks (and heartbeats) held back past the checkpoint timeout
            Pair.await(() -> pair.node.replicator().aborts() >= 1, 5000, "a checkpoint aborted for want of its ack");
            pair.proxy.stallToPrimary = false;
            Pair.await(() -> pair.node.loop().utility().staleAcks() >= 1, 5000, "the late ack counted as stale");
            assertThat(pair.node.replicator().mode()).isEqualTo(Mode.PROTECTED);
            final long commits = pair.node.replicator().commits();
            Pair.await(() -> pair.node.replicator().commits() > commits + 5, 3000, "commits after the late acks");
            pair.assertClientsSawNoLostAnswer(5);
            pair.assertPrimaryKeptOutputCommit();
        }
    }

    @Test
    void losingTheSecondaryReleasesEverythingAndRunsUnprotectedLoudly() throws Exception {
        try (Pair pair = new Pair(LiveOptions.defaults())) {
            pair.logged().primaryInProcess(LiveOptions.defaults(), "").clients(4).awaitAnswers(20);
            pair.secondary.close();
            Pair.await(() -> pair.primaryLog.toString().contains("SECONDARY LOST"), 10_000, "the loud switch to unprotected mode");
            assertThat(pair.node.replicator().mode()).isEqualTo(Mode.UNPROTECTED);
            final PrimaryNode.Status atLoss = pair.node.status();
            assertThat(atLoss.secondaryLosses()).isEqualTo(1);
            // What the log line reports is counted too: the frames let out uncommitted at the switch.
            final Matcher logged = Pattern.compile("Released (\\d+) buffered frames")
                    .matcher(pair.primaryLog.toString());
            assertThat(logged.find()).isTrue();
            assertThat(atLoss.releasedAtLoss()).isEqualTo(Long.parseLong(logged.group(1)));
            assertThat(atLoss.line()).contains("secondaryLosses=1", "releasedAtLoss=" + atLoss.releasedAtLoss());
            pair.awaitAnswers(100); // without buffering
            assertThat(pair.node.status().bufferedFrames()).isZero();
            pair.assertClientsSawNoLostAnswer(100);
            pair.assertPrimaryKeptOutputCommit();
        }
    }

    @ParameterizedTest
    @EnumSource(OverflowPolicy.class)
    void aFullBufferStallsDropsOrCheckpointsEarlyAsConfiguredAndLosesNoAnswer(final OverflowPolicy policy) throws Exception {
        // EARLY_CHECKPOINT gets a 1 s interval, so the timer alone would start few checkpoints while the test runs.
        final LiveOptions o = LiveOptions.defaults()
                .withEpochInterval(Duration.ofMillis(policy == OverflowPolicy.EARLY_CHECKPOINT ? 1000 : 100))
                .withLimits(new BufferLimits(4, 1 << 20, policy));
        try (Pair pair = new Pair(o)) {
            pair.logged().primaryInProcess(o, "").clients(16);
            final PrimaryReplicator replicator = pair.node.replicator();
            // Waits, not fixed windows: on a loaded machine the clients may need seconds to fill a buffer of 4 frames.
            switch (policy) {
                case BACKPRESSURE:
                    Pair.await(() -> pair.node.loop().stalls() > 0, 10_000, "a VM stalled on its full buffer");
                    break;
                case DROP:
                    Pair.await(() -> pair.node.loop().utility().engine().counters().total(Reason.DROPPED) > 0, 10_000,
                            "a frame dropped from a full buffer");
                    break;
                default:
                    Pair.await(() -> replicator.earlyCheckpoints() >= 10, 10_000, "checkpoints started by the high-water signal");
                    break;
            }
            pair.awaitAnswers(20);
            pair.assertClientsSawNoLostAnswer(20);
            pair.assertPrimaryKeptOutputCommit();
            final NicCounters counters = pair.node.loop().utility().engine().counters(); // a snapshot
            if (policy == OverflowPolicy.BACKPRESSURE) {
                assertThat(counters.total(Reason.BACKPRESSURE)).isPositive();
            }
            if (policy != OverflowPolicy.DROP) {
                assertThat(counters.total(Reason.DROPPED)).isZero();
            }
            if (policy != OverflowPolicy.EARLY_CHECKPOINT) {
                assertThat(replicator.earlyCheckpoints()).as("only EARLY_CHECKPOINT raises the high-water signal").isZero();
            }
            assertThat(replicator.earlyCheckpoints()).isLessThanOrEqualTo(replicator.checkpoints());
            final PrimaryNode.Status status = pair.node.status();
            assertThat(status.line()).contains("early=" + status.earlyCheckpoints());
        }
    }
}
