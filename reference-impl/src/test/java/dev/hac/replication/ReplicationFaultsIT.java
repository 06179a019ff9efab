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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Network faults and overload with both hosts alive: the pair recovers or degrades loudly, and clients never see a lost answer. */
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
            pair.primaryInProcess(LiveOptions.defaults(), "").clients(4);
            Pair.sleep(200);
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
        }
    }

    /**
     * A secondary that restarts within the failure timeout holds nothing: unless its first checkpoint of each VM
     * is whole, the counters of clients that went quiet before the restart are missing after a takeover.
     */
    @Test
    void aSecondaryRestartedWithinTheFailureTimeoutGetsFullCopiesAndATakeoverLosesNoCounter() throws Exception {
        try (Pair pair = new Pair(LiveOptions.defaults())) {
            pair.primaryInProcess(LiveOptions.defaults(), "").clients(4);
            Pair.await(() -> pair.answers() > 20, 5000, "answers before the restart");
            pair.clients.forEach(CounterClient::stopAndJoin); // their counters' pages are not written again
            pair.restartSecondary();
            pair.clients(2);
            Pair.await(() -> pair.secondary.applied() >= 4, 5000, "checkpoints applied by the restarted secondary");
            assertThat(pair.node.replicator().mode()).isEqualTo(Mode.PROTECTED);
            final long answers = pair.answers();
            Pair.await(() -> pair.answers() > answers + 10, 5000, "answers released by the restarted secondary's acks");
            pair.crashPrimaryInProcess();
            pair.awaitTakeover();
            pair.assertClientsSawNoLostAnswer(30);
            assertThat(pair.secondary.refused()).isZero();
        }
    }

    @Test
    void aLostAcknowledgementAbortsTheCheckpointAndIsIgnoredWhenItArrivesLate() throws Exception {
        final LiveOptions o = LiveOptions.defaults().withTimeouts(Duration.ofMillis(10), Duration.ofMillis(1500), Duration.ofMillis(100));
        try (Pair pair = new Pair(o)) {
            pair.primaryInProcess(o, "").clients(4);
            Pair.sleep(200);
            pair.proxy.stallToPrimary = true; // acks (and heartbeats) held back past the checkpoint timeout
            Pair.sleep(300);
            pair.proxy.stallToPrimary = false;
            Pair.sleep(300);
            assertThat(pair.node.replicator().aborts()).isGreaterThanOrEqualTo(1);
            assertThat(pair.node.loop().utility().staleAcks()).isGreaterThanOrEqualTo(1);
            assertThat(pair.node.replicator().mode()).isEqualTo(Mode.PROTECTED);
            final long commits = pair.node.replicator().commits();
            Pair.await(() -> pair.node.replicator().commits() > commits + 5, 3000, "commits after the late acks");
            pair.assertClientsSawNoLostAnswer(5);
        }
    }

    @Test
    void losingTheSecondaryReleasesEverythingAndRunsUnprotectedLoudly() throws Exception {
        try (Pair pair = new Pair(LiveOptions.defaults())) {
            pair.primaryInProcess(LiveOptions.defaults(), "").clients(4);
            Pair.sleep(200);
            pair.secondary.close();
            Pair.await(() -> pair.primaryLog.toString().contains("SECONDARY LOST"), 3000, "the loud switch to unprotected mode");
            assertThat(pair.node.replicator().mode()).isEqualTo(Mode.UNPROTECTED);
            final long answers = pair.answers();
            Pair.await(() -> pair.answers() > answers + 100, 3000, "answers without buffering");
            assertThat(pair.node.status().bufferedFrames()).isZero();
            pair.assertClientsSawNoLostAnswer(100);
        }
    }

    @ParameterizedTest
    @EnumSource(OverflowPolicy.class)
    void aFullBufferStallsDropsOrCheckpointsEarlyAsConfiguredAndLosesNoAnswer(final OverflowPolicy policy) throws Exception {
        // EARLY_CHECKPOINT gets a 1 s interval, so nearly every checkpoint it takes is one the high-water signal started.
        final LiveOptions o = LiveOptions.defaults()
                .withEpochInterval(Duration.ofMillis(policy == OverflowPolicy.EARLY_CHECKPOINT ? 1000 : 100))
                .withLimits(new BufferLimits(4, 1 << 20, policy));
        try (Pair pair = new Pair(o)) {
            pair.primaryInProcess(o, "").clients(16);
            final long checkpoints = pair.node.replicator().checkpoints();
            Pair.sleep(1000);
            final long during = pair.node.replicator().checkpoints() - checkpoints;
            if (policy == OverflowPolicy.BACKPRESSURE) {
                // On a loaded machine the clients may need longer than a second to fill a buffer of 4 frames.
                Pair.await(() -> pair.node.loop().stalls() > 0, 10_000, "a VM stalled on its full buffer");
            }
            pair.assertClientsSawNoLostAnswer(20);
            pair.node.close();
            final NicCounters counters = pair.node.loop().utility().engine().counters();
            switch (policy) {
                case BACKPRESSURE:
                    assertThat(counters.total(Reason.BACKPRESSURE)).isPositive();
                    assertThat(counters.total(Reason.DROPPED)).isZero();
                    assertThat(pair.node.loop().stalls()).isPositive();
                    break;
                case DROP:
                    assertThat(counters.total(Reason.DROPPED)).isPositive();
                    break;
                default:
                    // The timer alone would start at most ~4 in this second (2 VMs, 1 s interval).
                    assertThat(during).isGreaterThan(10);
                    assertThat(counters.total(Reason.DROPPED)).isZero();
                    break;
            }
        }
    }
}
