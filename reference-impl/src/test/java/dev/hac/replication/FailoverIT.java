package dev.hac.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The primary is a real OS process, killed with SIGKILL at chosen points; the secondary must take over losing nothing a client saw. */
class FailoverIT {

    @Test
    void killingThePrimaryBetweenEpochsLosesNoAnswerAClientSaw() throws Exception {
        try (Pair pair = new Pair(LiveOptions.defaults())) {
            pair.primaryProcess(25).clients(4);
            Pair.sleep(300 + ThreadLocalRandom.current().nextInt(400));
            pair.killPrimary();
            final SecondaryNode.Takeover t = pair.awaitTakeover();
            Pair.sleep(400);
            pair.assertClientsSawNoLostAnswer(20);
            assertThat(t.restoredSeq()).containsOnlyKeys("c1", "c2");
        }
    }

    @Test
    void killingThePrimaryMidCheckpointRestoresTheLastAppliedOne() throws Exception {
        try (Pair pair = new Pair(LiveOptions.defaults())) {
            pair.primaryProcess(25).clients(4);
            Pair.sleep(300);
            final long appliedBefore = pair.secondary.applied();
            final AtomicBoolean armed = new AtomicBoolean(true);
            pair.proxy.rule = (d, type, length) -> {
                if (d == ChaosProxy.Direction.TO_SECONDARY && type == 2 && armed.getAndSet(false)) {
                    try {
                        pair.killPrimary(); // dies while this checkpoint is on the wire
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return ChaosProxy.Verdict.TRUNCATE_AND_CLOSE;
                }
                return ChaosProxy.Verdict.FORWARD;
            };
            pair.awaitTakeover();
            assertThat(armed).isFalse();
            assertThat(pair.secondaryLog.toString()).contains("TRUNCATED");
            assertThat(pair.secondary.applied()).isGreaterThanOrEqualTo(appliedBefore);
            assertThat(pair.secondary.standby().replica("c1").hasStaged()).isFalse();
            Pair.sleep(300);
            pair.assertClientsSawNoLostAnswer(20);
        }
    }

    @Test
    void killingThePrimaryMidReleaseLosesNoAnswerAClientSaw() throws Exception {
        try (Pair pair = new Pair(LiveOptions.defaults())) {
            pair.primaryProcess(25).clients(4);
            Pair.sleep(300);
            final AtomicBoolean armed = new AtomicBoolean(true);
            pair.proxy.after = (d, type) -> {
                if (d == ChaosProxy.Direction.TO_PRIMARY && type == 3 && armed.getAndSet(false)) {
                    try {
                        pair.killPrimary(); // the ACK reached it: it is releasing the epoch's frames right now
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            pair.awaitTakeover();
            assertThat(armed).isFalse();
            Pair.sleep(300);
            pair.assertClientsSawNoLostAnswer(20);
        }
    }

    /** The check has teeth: without output buffering the same kill shows clients answers the secondary never had. */
    @Test
    void withoutOutputBufferingTheClientsCatchALostAnswer() throws Exception {
        try (Pair pair = new Pair(LiveOptions.defaults())) {
            pair.primaryProcess(25, false).clients(4);
            Pair.sleep(400);
            pair.killPrimary();
            pair.awaitTakeover();
            Pair.sleep(300);
            assertThat(pair.stopClientsAndCollectViolations()).isNotEmpty()
                    .anySatisfy(v -> assertThat(v).contains("BACKWARDS"));
        }
    }
}
