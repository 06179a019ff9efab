package dev.hac.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.wire.Message;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The primary is a real OS process, killed with SIGKILL at chosen points; the secondary must take over losing nothing a client saw. */
class FailoverIT {

    @Test
    void killingThePrimaryBetweenEpochsLosesNoAnswerAClientSaw() throws Exception {
        try (Pair pair = new Pair(LiveOptions.defaults())) {
            pair.primaryProcess(25).clients(4).awaitAnswers(10);
            Pair.sleep(ThreadLocalRandom.current().nextInt(400));
            pair.killPrimary();
            final SecondaryNode.Takeover t = pair.awaitTakeover();
            pair.awaitAnswers(10); // from the restored VMs
            pair.assertClientsSawNoLostAnswer(20);
            assertThat(t.restoredSeq()).containsOnlyKeys("c1", "c2");
        }
    }

    @Test
    void killingThePrimaryMidCheckpointRestoresTheLastAcknowledgedOne() throws Exception {
        try (Pair pair = new Pair(LiveOptions.defaults())) {
            pair.primaryProcess(25).clients(4);
            pair.awaitAnswers(20);
            // Per VM: {epoch, vmSeq} of the last checkpoint forwarded whole, and the epoch of the last ACK forwarded.
            final Map<String, long[]> forwarded = new ConcurrentHashMap<>();
            final Map<String, Long> acked = new ConcurrentHashMap<>();
            pair.proxy.seen = (d, m) -> {
                if (m instanceof Message.Checkpoint c) {
                    forwarded.put(c.vm(), new long[] {c.epoch(), c.vmSeq()});
                } else if (m instanceof Message.Ack a) {
                    acked.put(a.vm(), a.epoch());
                }
            };
            Pair.await(() -> forwarded.keySet().containsAll(List.of("c1", "c2")), 5000, "checkpoints of both VMs");
            final AtomicBoolean armed = new AtomicBoolean(true);
            pair.proxy.rule = (d, type, length) -> {
                if (d == ChaosProxy.Direction.TO_SECONDARY && type == 2 && armed.getAndSet(false)) {
                    // Every checkpoint before this one acknowledged, so the secondary's last applied is known.
                    Pair.await(() -> forwarded.entrySet().stream().allMatch(e -> acked.getOrDefault(e.getKey(), 0L) >= e.getValue()[0]),
                            5000, "acknowledgements of every forwarded checkpoint");
                    try {
                        pair.killPrimary(); // dies while this checkpoint is on the wire
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return ChaosProxy.Verdict.TRUNCATE_AND_CLOSE;
                }
                return ChaosProxy.Verdict.FORWARD;
            };
            final SecondaryNode.Takeover t = pair.awaitTakeover();
            assertThat(armed).isFalse();
            assertThat(pair.secondaryLog.toString()).contains("TRUNCATED");
            for (final String vm : List.of("c1", "c2")) {
                assertThat(t.restoredEpoch().get(vm)).as("restored epoch of " + vm).isEqualTo(acked.get(vm));
                assertThat(t.restoredSeq().get(vm)).as("restored vmSeq of " + vm).isEqualTo(forwarded.get(vm)[1]);
            }
            pair.awaitAnswers(10); // from the restored VMs
            pair.assertClientsSawNoLostAnswer(20);
        }
    }

    @Test
    void killingThePrimaryMidReleaseLosesNoAnswerAClientSaw() throws Exception {
        try (Pair pair = new Pair(LiveOptions.defaults())) {
            pair.primaryProcess(25).clients(4);
            pair.awaitAnswers(20);
            final AtomicBoolean armed = new AtomicBoolean(true);
            pair.proxy.after = (d, m) -> {
                if (d == ChaosProxy.Direction.TO_PRIMARY && ChaosProxy.type(m) == 3 && armed.getAndSet(false)) {
                    try {
                        pair.killPrimary(); // the ACK reached it: it is releasing the epoch's frames right now
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            pair.awaitTakeover();
            assertThat(armed).isFalse();
            pair.awaitAnswers(10); // from the restored VMs
            pair.assertClientsSawNoLostAnswer(20);
        }
    }

    /** The check has teeth: without output buffering the same kill shows clients answers the secondary never had. */
    @Test
    void withoutOutputBufferingTheClientsCatchALostAnswer() throws Exception {
        try (Pair pair = new Pair(LiveOptions.defaults())) {
            pair.primaryProcess(25, false).clients(4).awaitAnswers(20);
            pair.killPrimary();
            pair.awaitTakeover();
            Pair.sleep(300);
            // A client that caught the loss stops there; the others read their counter back from the restored VM.
            assertThat(pair.stopClientsAndCollectViolations()).isNotEmpty()
                    .anySatisfy(v -> assertThat(v).contains("BACKWARDS"));
        }
    }
}
