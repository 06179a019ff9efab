package dev.hac.nic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hac.testkit.nic.EthernetFrames;
import dev.hac.testkit.nic.FrameKind;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NicEngineTest {

    private static final int C1 = 0;
    private static final int C2 = 1;
    private static final int P1 = 2;

    private final RecordingSink wire = new RecordingSink();

    private NicEngine engine(final SchedulerPolicy policy) {
        final NicEngine e = new NicEngine(new NicConfig(4, 64, 1 << 16, 1500, policy, true), wire);
        assertThat(e.configure(VfConfig.checkpointing(C1, EthernetFrames.macOf(C1), 8, 1 << 16, OverflowPolicy.BACKPRESSURE)))
                .isEqualTo(ConfigResult.APPLIED);
        assertThat(e.configure(VfConfig.checkpointing(C2, EthernetFrames.macOf(C2), 8, 1 << 16, OverflowPolicy.BACKPRESSURE)))
                .isEqualTo(ConfigResult.APPLIED);
        assertThat(e.configure(VfConfig.ordinary(P1, EthernetFrames.macOf(P1)))).isEqualTo(ConfigResult.APPLIED);
        return e;
    }

    private static int send(final NicEngine e, final int vf) {
        final byte[] f = EthernetFrames.valid(EthernetFrames.macOf(vf), 64);
        return e.submit(vf, f, 0, f.length);
    }

    private static QueuedFrame q(final int vf, final long seq) {
        return new QueuedFrame(vf, seq);
    }

    @Test
    void buffersCheckpointingFramesTaggedWithTheOpenEpochUntilACommit() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        assertThat(send(e, C1)).isEqualTo(SubmitStatus.BUFFERED);
        assertThat(send(e, C1)).isEqualTo(SubmitStatus.BUFFERED);
        assertThat(e.buffered(C1)).containsExactly(new BufferedFrame(1, 1), new BufferedFrame(2, 1));
        assertThat(e.transmit(10)).isZero();
        assertThat(wire.wire()).isEmpty();
    }

    @Test
    void commitReleasesOnlySealedEpochsUpToTheAckInOrder() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        send(e, C1);
        assertThat(e.seal(C1)).isEqualTo(1);
        send(e, C1);
        send(e, C1);
        assertThat(e.seal(C1)).isEqualTo(2);
        send(e, C1);
        assertThat(e.seal(C1)).isEqualTo(3);
        send(e, C1);

        assertThat(e.commit(C1, 2)).isEqualTo(3);
        assertThat(e.txHigh()).containsExactly(q(C1, 1), q(C1, 2), q(C1, 3));
        assertThat(e.buffered(C1)).containsExactly(new BufferedFrame(4, 3), new BufferedFrame(5, 4));
        assertThat(e.commit(C1, 3)).isEqualTo(1);
        e.transmit(10);
        assertThat(wire.wire()).containsExactly(q(C1, 1), q(C1, 2), q(C1, 3), q(C1, 4));
        assertThat(e.buffered(C1)).containsExactly(new BufferedFrame(5, 4));
    }

    @Test
    void theOpenEpochIsNeverReleasedByACommit() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        send(e, C1);
        assertThatThrownBy(() -> e.commit(C1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not sealed");
        assertThat(e.buffered(C1)).hasSize(1);
        assertThat(e.txHigh()).isEmpty();
    }

    @Test
    void aStaleOrRepeatedCommitReleasesNothing() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        send(e, C1);
        e.seal(C1);
        send(e, C1);
        e.seal(C1);
        assertThat(e.commit(C1, 2)).isEqualTo(2);
        assertThat(e.commit(C1, 1)).isZero();
        assertThat(e.commit(C1, 2)).isZero();
    }

    @Test
    void emptyEpochsCanBeSealedAndCommittedInAnyNumber() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        send(e, C1);
        assertThat(e.seal(C1)).isEqualTo(1); // its record waits for the commit
        // Empty epochs leave no record, so 1000 of them cannot overflow the 64-slot record ring over epoch 1's.
        for (int i = 0; i < 1000; i++) {
            e.seal(C1);
        }
        send(e, C1);
        assertThat(e.seal(C1)).isEqualTo(1002);
        assertThat(e.commit(C1, 1)).isEqualTo(1);
        assertThat(e.commit(C1, 500)).isZero();
        assertThat(e.commit(C1, 1002)).isEqualTo(1);
    }

    @Test
    void ordinaryFramesAreQueuedAtOnceAndNeverBuffered() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        assertThat(send(e, P1)).isEqualTo(SubmitStatus.QUEUED);
        assertThat(e.buffered(P1)).isEmpty();
        assertThat(e.txNormal()).containsExactly(q(P1, 1));
        assertThatThrownBy(() -> e.seal(P1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void strictPrioritySendsReleasedFramesBeforeOrdinaryOnes() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        send(e, P1);
        send(e, C1);
        send(e, C1);
        e.seal(C1);
        e.commit(C1, 1);
        send(e, P1);
        e.transmit(10);
        assertThat(wire.wire()).containsExactly(q(C1, 1), q(C1, 2), q(P1, 1), q(P1, 2));
        assertThat(e.highStreak()).isZero();
    }

    @Test
    void boundedBypassLetsOneOrdinaryFrameOutAfterKReleasedFrames() {
        final NicEngine e = engine(SchedulerPolicy.boundedBypass(2));
        for (int i = 0; i < 5; i++) {
            send(e, C1);
        }
        e.seal(C1);
        e.commit(C1, 1);
        send(e, P1);
        send(e, P1);
        e.transmit(3);
        assertThat(e.highStreak()).isZero();
        e.transmit(10);
        assertThat(wire.wire()).containsExactly(q(C1, 1), q(C1, 2), q(P1, 1), q(C1, 3), q(C1, 4), q(P1, 2), q(C1, 5));
    }

    @Test
    void perVfOrderHoldsWhenSeveralVfsReleaseInterleaved() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        send(e, C1);
        send(e, C2);
        e.seal(C2);
        e.seal(C1);
        send(e, C1);
        e.seal(C1);
        e.commit(C2, 1);
        e.commit(C1, 1);
        e.commit(C1, 2);
        assertThat(e.txHigh()).containsExactly(q(C2, 1), q(C1, 1), q(C1, 2));
    }

    @Test
    void backpressureRefusesWithoutConsumingASequenceNumber() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        e.configure(VfConfig.checkpointing(C1, EthernetFrames.macOf(C1), 2, 1 << 16, OverflowPolicy.BACKPRESSURE));
        send(e, C1);
        send(e, C1);
        assertThat(send(e, C1)).isEqualTo(SubmitStatus.BACKPRESSURE);
        assertThat(e.lastSequence(C1)).isEqualTo(2);
        assertThat(e.counters().vf(C1).count(Reason.BACKPRESSURE)).isEqualTo(1);
        e.seal(C1);
        e.commit(C1, 1);
        assertThat(send(e, C1)).isEqualTo(SubmitStatus.BUFFERED);
        assertThat(e.lastSequence(C1)).isEqualTo(3);
    }

    @Test
    void dropPolicyConsumesTheSequenceNumberAndCountsTheDrop() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        e.configure(VfConfig.checkpointing(C1, EthernetFrames.macOf(C1), 1, 1 << 16, OverflowPolicy.DROP));
        send(e, C1);
        assertThat(send(e, C1)).isEqualTo(SubmitStatus.DROPPED);
        assertThat(send(e, C1)).isEqualTo(SubmitStatus.DROPPED);
        assertThat(e.lastSequence(C1)).isEqualTo(3);
        assertThat(e.buffered(C1)).containsExactly(new BufferedFrame(1, 1));
        final VfCounters c = e.counters().vf(C1);
        assertThat(c.count(Reason.DROPPED)).isEqualTo(2);
        assertThat(c.consumed()).isEqualTo(3);
    }

    @Test
    void theByteLimitAdmitsAFrameThatExactlyFillsItAndRefusesOneThatWouldExceedIt() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        e.configure(VfConfig.checkpointing(C1, EthernetFrames.macOf(C1), 8, 128, OverflowPolicy.BACKPRESSURE));
        assertThat(send(e, C1)).isEqualTo(SubmitStatus.BUFFERED);
        assertThat(send(e, C1)).as("64 + 64 bytes: exactly the limit").isEqualTo(SubmitStatus.BUFFERED);
        assertThat(send(e, C1)).isEqualTo(SubmitStatus.BACKPRESSURE);
        assertThat(e.bufferedBytes(C1)).isEqualTo(128);
        assertThat(e.counters().vf(C1).occupancyHighBytes()).isEqualTo(128);
    }

    @Test
    void earlyCheckpointRaisesTheHighWaterSignalOncePerEpochAndSealClearsIt() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        e.configure(VfConfig.checkpointing(C1, EthernetFrames.macOf(C1), 4, 1 << 16, OverflowPolicy.EARLY_CHECKPOINT)
                .withHighWater(2, 1 << 16));
        final List<Integer> signals = new ArrayList<>();
        e.setHighWaterListener((vf, frames, bytes) -> signals.add(vf * 100 + frames));
        send(e, C1);
        assertThat(e.highWaterRaised(C1)).isFalse();
        send(e, C1);
        send(e, C1);
        assertThat(e.highWaterRaised(C1)).isTrue();
        assertThat(signals).containsExactly(C1 * 100 + 2);
        e.seal(C1);
        assertThat(e.highWaterRaised(C1)).isFalse();
        send(e, C1);
        assertThat(send(e, C1)).isEqualTo(SubmitStatus.BACKPRESSURE);
        assertThat(e.highWaterRaised(C1)).isTrue();
        assertThat(signals).containsExactly(C1 * 100 + 2, C1 * 100 + 4);
    }

    @Test
    void theOutputSignalRisesOnTheFirstFrameOfAnEmptyOpenEpochOnlyAndSealClearsIt() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        e.configure(VfConfig.checkpointing(C1, EthernetFrames.macOf(C1), 2, 1 << 16, OverflowPolicy.BACKPRESSURE));
        final List<Integer> signals = new ArrayList<>();
        e.setOutputListener(signals::add);
        assertThat(e.outputPending(C1)).isFalse();
        e.seal(C1);
        assertThat(signals).as("an epoch sealed empty raises nothing").isEmpty();
        send(e, C1);
        send(e, C1);
        assertThat(e.outputPending(C1)).isTrue();
        assertThat(signals).as("once per epoch, on its first frame").containsExactly(C1);
        e.seal(C1);
        assertThat(e.outputPending(C1)).isFalse();
        assertThat(send(e, C1)).as("buffer full: the frame is refused").isEqualTo(SubmitStatus.BACKPRESSURE);
        assertThat(e.outputPending(C1)).as("a refused frame is no output").isFalse();
        e.commit(C1, 2);
        send(e, C1);
        assertThat(signals).containsExactly(C1, C1);
    }

    @Test
    void theHighWaterSignalAlsoRisesOnBytesExactlyAtTheMark() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        e.configure(VfConfig.checkpointing(C1, EthernetFrames.macOf(C1), 8, 1 << 16, OverflowPolicy.EARLY_CHECKPOINT)
                .withHighWater(8, 128));
        send(e, C1);
        assertThat(e.highWaterRaised(C1)).as("64 of 128 bytes").isFalse();
        send(e, C1);
        assertThat(e.highWaterRaised(C1)).as("128 of 128 bytes").isTrue();
    }

    @Test
    void aFullRingIsAStatusWhenReleasedFramesWaitForTheLink() {
        final NicEngine e = new NicEngine(new NicConfig(1, 4, 1 << 12, 1500, SchedulerPolicy.STRICT, true), wire);
        e.configure(VfConfig.ordinary(0, EthernetFrames.macOf(0)));
        for (int i = 0; i < 4; i++) {
            assertThat(send(e, 0)).isEqualTo(SubmitStatus.QUEUED);
        }
        assertThat(send(e, 0)).isEqualTo(SubmitStatus.RING_FULL);
        assertThat(e.lastSequence(0)).isEqualTo(4);
        assertThat(e.counters().vf(0).count(Reason.RING_FULL)).isEqualTo(1);
        e.transmit(1);
        assertThat(send(e, 0)).isEqualTo(SubmitStatus.QUEUED);
    }

    @Test
    void theSlabWrapsWithoutCorruptingPayloadsAndRefusesOnlyWhenReallyFull() {
        final int slab = 1 << 13;
        final PayloadChecker payloads = new PayloadChecker();
        final NicEngine e = new NicEngine(new NicConfig(1, 1 << 10, slab, 1500, SchedulerPolicy.STRICT, true),
                new RecordingSink(payloads));
        e.configure(VfConfig.ordinary(0, EthernetFrames.macOf(0)));
        final Random random = new Random(7);
        final ArrayDeque<byte[]> held = payloads.of(0);
        long heldBytes = 0;
        for (int i = 0; i < 20_000; i++) {
            if (random.nextInt(3) == 0) {
                final int n = random.nextInt(4);
                for (int k = 0; k < n && !held.isEmpty(); k++) {
                    heldBytes -= held.peekFirst().length;
                    e.transmit(1);
                }
                continue;
            }
            final int length = 60 + random.nextInt(1455);
            final byte[] f = EthernetFrames.of(FrameKind.VALID, EthernetFrames.macOf(0), length, i);
            final int status = e.submit(0, f, 0, f.length);
            if (status == SubmitStatus.QUEUED) {
                held.addLast(f);
                heldBytes += length;
            } else {
                assertThat(status).isEqualTo(SubmitStatus.RING_FULL);
                // At most one skipped remainder is held, and the new frame may need another: < 2 frames of waste.
                assertThat(heldBytes + 2L * 1514 + length).as("refused with room to spare").isGreaterThan(slab);
            }
        }
        e.transmit(Integer.MAX_VALUE);
        assertThat(held).isEmpty();
    }

    @Test
    void bufferedFramesOfNeighbouringVfsSurviveEachOthersSlabWraps() {
        // Shares of two maximal frames: nearly every epoch wraps, and a frame written past its share's end would
        // land in the neighbour's share (or past the slab) while the neighbour still holds frames there.
        final int share = 1 << 12;
        final PayloadChecker payloads = new PayloadChecker();
        final NicEngine e = new NicEngine(new NicConfig(2, 64, share, 1500, SchedulerPolicy.STRICT, true),
                new RecordingSink(payloads));
        for (int vf = 0; vf < 2; vf++) {
            e.configure(VfConfig.checkpointing(vf, EthernetFrames.macOf(vf), 64, share, OverflowPolicy.BACKPRESSURE));
        }
        final Random random = new Random(11);
        long sent = 0;
        for (int i = 0; i < 20_000; i++) {
            final int vf = random.nextInt(2);
            final byte[] f = EthernetFrames.of(FrameKind.VALID, EthernetFrames.macOf(vf), 60 + random.nextInt(1455), i);
            final int status = e.submit(vf, f, 0, f.length);
            if (status == SubmitStatus.BUFFERED) {
                payloads.of(vf).addLast(f);
            } else {
                assertThat(status).isIn(SubmitStatus.BACKPRESSURE, SubmitStatus.RING_FULL);
                e.commit(vf, e.seal(vf));
                sent += e.transmit(Integer.MAX_VALUE);
            }
        }
        for (int vf = 0; vf < 2; vf++) {
            e.commit(vf, e.seal(vf));
        }
        sent += e.transmit(Integer.MAX_VALUE);
        assertThat(payloads.of(0)).isEmpty();
        assertThat(payloads.of(1)).isEmpty();
        assertThat(sent).isGreaterThan(5_000);
    }

    /** Compares transmitted bytes with the oldest frame the test still expects of that VF. */
    private static final class PayloadChecker implements FrameSink {
        private final java.util.Map<Integer, ArrayDeque<byte[]>> expected = new java.util.HashMap<>();

        ArrayDeque<byte[]> of(final int vf) {
            return expected.computeIfAbsent(vf, k -> new ArrayDeque<>());
        }

        @Override
        public void onFrame(final int vf, final long seq, final TrafficClass cls, final byte[] buffer,
                            final int offset, final int length) {
            final byte[] f = of(vf).pollFirst();
            assertThat(f).as("an expected frame of VF " + vf).isNotNull();
            assertThat(java.util.Arrays.equals(f, 0, f.length, buffer, offset, offset + length))
                    .as("payload of VF " + vf + " seq " + seq).isTrue();
        }
    }

    @Test
    void discardAllEmptiesBuffersAndQueuesAndCountsTheLoss() {
        final NicEngine e = engine(SchedulerPolicy.boundedBypass(1));
        send(e, C1);
        e.seal(C1);
        e.commit(C1, 1);
        send(e, C1);
        send(e, P1);
        send(e, P1);
        e.transmit(1);
        assertThat(e.highStreak()).isEqualTo(1);
        assertThat(e.discardAll()).isEqualTo(3);
        assertThat(e.buffered(C1)).isEmpty();
        assertThat(e.txHigh()).isEmpty();
        assertThat(e.txNormal()).isEmpty();
        assertThat(e.highStreak()).isZero();
        assertThat(e.counters().total(Reason.DISCARDED)).isEqualTo(3);
        // By class, only what waited in a queue: the released frame was sent, both ordinary frames waited.
        assertThat(e.counters().high().discarded()).isZero();
        assertThat(e.counters().normal().discarded()).isEqualTo(2);
    }

    @Test
    void losingTheSecondaryReleasesEveryBufferInTheGivenVfOrderAndStopsBuffering() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        send(e, C1);
        e.seal(C1);
        send(e, C1);
        send(e, C2);
        assertThat(e.releaseAllAndStopBuffering(C2, C1)).isEqualTo(3);
        assertThat(e.txHigh()).containsExactly(q(C2, 1), q(C1, 1), q(C1, 2));
        assertThat(e.isBuffering()).isFalse();
        assertThat(send(e, C1)).isEqualTo(SubmitStatus.QUEUED);
        assertThat(e.txHigh()).endsWith(q(C1, 3));
        assertThat(e.commit(C1, 1)).isZero();
        assertThatThrownBy(() -> e.seal(C1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aJoinResumesBufferingInTheOpenEpochAndOnlyItsCommitReleasesTheFramesSince() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        send(e, C1);
        e.seal(C1);
        e.releaseAllAndStopBuffering(C1, C2);
        send(e, C1);
        e.resumeBuffering();
        assertThat(e.isBuffering()).isTrue();
        assertThat(send(e, C1)).isEqualTo(SubmitStatus.BUFFERED);
        assertThat(e.txHigh()).containsExactly(q(C1, 1), q(C1, 2));
        assertThat(e.commit(C1, 1)).as("an epoch released at the loss releases nothing more").isZero();
        final long epoch = e.seal(C1);
        assertThat(epoch).isEqualTo(2);
        assertThat(e.commit(C1, epoch)).isEqualTo(1);
        assertThat(e.txHigh()).endsWith(q(C1, 3));
        assertThatThrownBy(e::resumeBuffering).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void releaseAllRefusesAnOrderThatIsNotAPermutationOfTheCheckpointingVfs() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        send(e, C1);
        assertThatThrownBy(() -> e.releaseAllAndStopBuffering(C1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.releaseAllAndStopBuffering(C1, C1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.releaseAllAndStopBuffering(C1, P1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(e.isBuffering()).isTrue();
        assertThat(e.buffered(C1)).hasSize(1);
    }

    @Test
    void aTakeoverEngineSendsCheckpointingFramesAtOnceFromTheCommittedSequence() {
        final NicEngine e = new NicEngine(NicConfig.defaults().withBuffering(false), wire);
        e.configure(VfConfig.checkpointing(C1, EthernetFrames.macOf(C1), 8, 1 << 16, OverflowPolicy.BACKPRESSURE));
        e.setLastSequence(C1, 41);
        assertThat(send(e, C1)).isEqualTo(SubmitStatus.QUEUED);
        e.transmit(1);
        assertThat(wire.wire()).containsExactly(q(C1, 42));
        assertThat(e.counters().vf(C1).consumed()).isEqualTo(1);
    }

    @Test
    void aTakeoverEngineNumbersEpochsOnFromTheRestoredCheckpointWhenItBuffersAgain() {
        final NicEngine e = new NicEngine(NicConfig.defaults().withBuffering(false), wire);
        e.configure(VfConfig.checkpointing(C1, EthernetFrames.macOf(C1), 8, 1 << 16, OverflowPolicy.BACKPRESSURE));
        e.setOpenEpoch(C1, 8);
        assertThat(e.openEpoch(C1)).isEqualTo(8);
        e.resumeBuffering();
        send(e, C1);
        assertThat(e.seal(C1)).isEqualTo(8);
        assertThat(e.openEpoch(C1)).isEqualTo(9);
        assertThat(e.commit(C1, 8)).isEqualTo(1);
    }

    @Test
    void theOpenEpochCanOnlyBeSetWhileTheVfIsIdleAndFromOneOn() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        assertThatThrownBy(() -> e.setOpenEpoch(C1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start at 1");
        send(e, C1);
        assertThatThrownBy(() -> e.setOpenEpoch(C1, 5)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds 1 frames");
        assertThat(e.openEpoch(C1)).isEqualTo(1);
    }

    @Test
    void accountingStaysExactAcrossASequenceNumberJump() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        send(e, P1);
        send(e, P1);
        e.transmit(2);
        e.setLastSequence(P1, 100);
        send(e, P1);
        final VfCounters c = e.counters().vf(P1);
        assertThat(c.consumed()).isEqualTo(3);
        assertThat(c.consumed()).isEqualTo(c.queuedNow() + c.transmitted());
        assertThat(e.txNormal()).containsExactly(q(P1, 101));
        // A second jump starts from a count that is no longer lastSeq: it must still run on.
        e.transmit(1);
        e.setLastSequence(P1, 200);
        send(e, P1);
        assertThat(e.counters().vf(P1).consumed()).isEqualTo(4);
        assertThat(e.txNormal()).containsExactly(q(P1, 201));
    }

    @Test
    void theSequenceNumberCanOnlyBeSetWhileTheVfIsIdle() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        send(e, C1);
        assertThatThrownBy(() -> e.setLastSequence(C1, 10)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds 1 frames");
        assertThat(e.lastSequence(C1)).isEqualTo(1);
    }

    @Test
    void reconfigurationIsRefusedWhileTheVfHoldsFramesAndKeepsSequenceAndEpochWhenIdle() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        send(e, C1);
        final VfConfig smaller = VfConfig.checkpointing(C1, EthernetFrames.macOf(C1), 1, 1 << 10, OverflowPolicy.DROP);
        assertThat(e.configure(smaller)).isEqualTo(ConfigResult.REFUSED_BUSY);
        assertThat(e.configure(VfConfig.ordinary(C1, EthernetFrames.macOf(C1)))).isEqualTo(ConfigResult.REFUSED_BUSY);
        e.seal(C1);
        e.commit(C1, 1);
        assertThat(e.configure(smaller)).isEqualTo(ConfigResult.REFUSED_BUSY);
        e.transmit(1);
        assertThat(e.configure(smaller)).isEqualTo(ConfigResult.APPLIED);
        assertThat(e.lastSequence(C1)).isEqualTo(1);
        assertThat(e.openEpoch(C1)).isEqualTo(2);
        send(e, C1);
        assertThat(send(e, C1)).isEqualTo(SubmitStatus.DROPPED);
    }

    @Test
    void configurationRefusesDuplicateMacsAndLimitsBeyondTheRing() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        assertThat(e.configure(VfConfig.ordinary(3, EthernetFrames.macOf(C1)))).isEqualTo(ConfigResult.REFUSED_DUPLICATE_MAC);
        assertThat(e.configure(VfConfig.checkpointing(3, EthernetFrames.macOf(3), 65, 100, OverflowPolicy.DROP)))
                .isEqualTo(ConfigResult.REFUSED_LIMITS_EXCEED_RESOURCES);
        assertThat(e.configure(VfConfig.ordinary(4, EthernetFrames.macOf(4)))).isEqualTo(ConfigResult.REFUSED_NO_SUCH_VF);
        assertThat(e.isConfigured(3)).isFalse();
    }

    @Test
    void malformedSpoofedAndUnknownFramesAreRefusedWithACountedReasonAndChangeNothingElse() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        final long mac = EthernetFrames.macOf(C1);
        for (final FrameKind kind : FrameKind.values()) {
            if (kind.verdict() == FrameClassifier.VALID) {
                continue;
            }
            final byte[] f = EthernetFrames.of(kind, mac, kind.minLength(1500) + 1, 1);
            assertThat(e.submit(C1, f, 0, f.length)).as(kind.name()).isEqualTo(kind.verdict());
        }
        final byte[] ok = EthernetFrames.valid(mac, 64);
        assertThat(e.submit(C1, ok, 10, 64)).isEqualTo(SubmitStatus.REFUSED_BAD_BOUNDS);
        assertThat(e.submit(C1, null, 0, 64)).isEqualTo(SubmitStatus.REFUSED_BAD_BOUNDS);
        assertThat(e.submit(3, ok, 0, 64)).isEqualTo(SubmitStatus.REFUSED_UNKNOWN_VF);
        assertThat(e.submit(4, ok, 0, 64)).as("one past the last VF number").isEqualTo(SubmitStatus.REFUSED_UNKNOWN_VF);
        assertThat(e.submit(-1, ok, 0, 64)).isEqualTo(SubmitStatus.REFUSED_UNKNOWN_VF);
        assertThat(e.submit(C2, ok, 0, 64)).as("C1's frame on C2's VF").isEqualTo(SubmitStatus.REFUSED_SPOOFED);
        assertThat(e.lastSequence(C1)).isZero();
        assertThat(e.buffered(C1)).isEmpty();
        final NicCounters c = e.counters();
        assertThat(c.vf(C1).count(Reason.RUNT)).isEqualTo(1);
        assertThat(c.vf(C1).count(Reason.OVERSIZE)).isEqualTo(1);
        assertThat(c.vf(C1).count(Reason.BAD_TAG)).isEqualTo(1);
        assertThat(c.vf(C1).count(Reason.BAD_ETHERTYPE)).isEqualTo(1);
        assertThat(c.vf(C1).count(Reason.SPOOFED)).isEqualTo(1);
        assertThat(c.vf(C1).count(Reason.BAD_BOUNDS)).isEqualTo(2);
        assertThat(c.vf(C2).count(Reason.SPOOFED)).isEqualTo(1);
        assertThat(c.unattributed()).containsEntry(Reason.UNKNOWN_VF, 3L);
        assertThat(c.vf(C1).submitted()).isEqualTo(7);
    }

    @Test
    void countersFollowFramesThroughBufferReleaseAndTransmit() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        send(e, C1);
        send(e, C1);
        send(e, P1);
        e.seal(C1);
        e.commit(C1, 1);
        e.transmit(2);
        final NicCounters c = e.counters();
        assertThat(c.vf(C1).buffered()).isEqualTo(2);
        assertThat(c.vf(C1).released()).isEqualTo(2);
        assertThat(c.vf(C1).transmitted()).isEqualTo(2);
        assertThat(c.vf(C1).transmittedBytes()).isEqualTo(128);
        assertThat(c.vf(C1).occupancyHighFrames()).isEqualTo(2);
        assertThat(c.vf(P1).queuedDirect()).isEqualTo(1);
        assertThat(c.high().enqueued()).isEqualTo(2);
        assertThat(c.high().transmitted()).isEqualTo(2);
        assertThat(c.normal().depthNow()).isEqualTo(1);
        assertThat(c.normal().transmitted()).isZero();
    }

    @Test
    void countersKeepEachVfsOccupancyPeakAndReleasesAndEachClasssBytesApart() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        send(e, C1);
        send(e, C1);
        send(e, C1);
        final byte[] big = EthernetFrames.valid(EthernetFrames.macOf(C2), 200);
        e.submit(C2, big, 0, big.length);
        send(e, P1);
        e.seal(C1);
        e.seal(C2);
        e.commit(C2, 1);
        e.transmit(Integer.MAX_VALUE);
        final NicCounters c = e.counters();
        assertThat(c.vf(C1).occupancyHighFrames()).isEqualTo(3);
        assertThat(c.vf(C1).occupancyHighBytes()).isEqualTo(192);
        assertThat(c.vf(C1).bufferedNow()).isEqualTo(3);
        assertThat(c.vf(C1).bufferedBytesNow()).isEqualTo(192);
        assertThat(c.vf(C1).released()).isZero();
        assertThat(c.vf(C2).occupancyHighFrames()).isEqualTo(1);
        assertThat(c.vf(C2).occupancyHighBytes()).as("the peak, not bytes in plus bytes out").isEqualTo(200);
        assertThat(c.vf(C2).released()).isEqualTo(1);
        assertThat(c.high().transmittedBytes()).isEqualTo(200);
        assertThat(c.high().depthHigh()).isEqualTo(1);
        assertThat(c.normal().transmittedBytes()).isEqualTo(64);
        assertThat(c.normal().depthHigh()).isEqualTo(1);
    }

    @Test
    void aCrashRecordsTheOccupancyPeakAndCountsTheDiscardedFramesOfTheirOwnVf() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        send(e, C2);
        send(e, C2); // the peak is never read before the crash
        assertThat(e.discardAll()).isEqualTo(2);
        final NicCounters c = e.counters();
        assertThat(c.vf(C2).occupancyHighFrames()).isEqualTo(2);
        assertThat(c.vf(C2).count(Reason.DISCARDED)).isEqualTo(2);
        assertThat(c.vf(C1).count(Reason.DISCARDED)).isZero();
    }

    @Test
    void queueAndBufferFiguresAreLive() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        send(e, P1);
        send(e, C1);
        e.seal(C1);
        e.commit(C1, 1);
        send(e, C1);
        assertThat(e.queuedFrames()).as("both classes").isEqualTo(2);
        assertThat(e.bufferedFrames(C1)).isEqualTo(1);
        assertThat(e.bufferedBytes(C1)).isEqualTo(64);
        assertThat(e.bufferedFrames(C2)).isZero();
    }

    @Test
    void releasingAllWithoutAnOrderGoesInAscendingVfOrder() {
        final NicEngine e = engine(SchedulerPolicy.STRICT);
        send(e, C2);
        send(e, C1);
        send(e, C1);
        assertThat(e.releaseAllAndStopBuffering()).isEqualTo(3);
        assertThat(e.txHigh()).containsExactly(q(C1, 1), q(C1, 2), q(C2, 1));
        assertThat(e.isBuffering()).isFalse();
    }

    @Test
    void theStateOfAVfThatIsNotConfiguredCannotBeReadOrSet() {
        final NicEngine e = engine(SchedulerPolicy.STRICT); // VF 3 of 0..3 is free
        assertThat(e.config().maxVfs()).isEqualTo(4);
        assertThat(e.isConfigured(C1)).isTrue();
        for (final int vf : new int[] {-1, 3, 4}) {
            assertThat(e.isConfigured(vf)).as("VF " + vf).isFalse();
            final List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> reads = List.of(
                    () -> e.lastSequence(vf), () -> e.openEpoch(vf), () -> e.highWaterRaised(vf),
                    () -> e.bufferedFrames(vf), () -> e.bufferedBytes(vf), () -> e.buffered(vf),
                    () -> e.setLastSequence(vf, 5));
            for (final var read : reads) {
                assertThatThrownBy(read).as("VF " + vf).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("not configured");
            }
        }
    }

    @Test
    void aSlabShareTakesFramesThatFillItExactly() {
        final NicEngine e = new NicEngine(new NicConfig(1, 64, 1 << 13, 1500, SchedulerPolicy.STRICT, true), wire);
        e.configure(VfConfig.ordinary(0, EthernetFrames.macOf(0)));
        final byte[] f = EthernetFrames.valid(EthernetFrames.macOf(0), 1024);
        for (int i = 0; i < 8; i++) {
            assertThat(e.submit(0, f, 0, f.length)).as("frame " + i + " of 8 x 1 KiB in 8 KiB").isEqualTo(SubmitStatus.QUEUED);
        }
        assertThat(e.submit(0, f, 0, f.length)).isEqualTo(SubmitStatus.RING_FULL);
        e.transmit(1);
        assertThat(e.submit(0, f, 0, f.length)).as("the first frame's space, at the start of the share").isEqualTo(SubmitStatus.QUEUED);
    }

    @Test
    void theSinkGetsTheSubmittedBytesAndTheirClass() {
        final List<String> seen = new ArrayList<>();
        final byte[] f = EthernetFrames.of(FrameKind.TAGGED, EthernetFrames.macOf(C1), 100, 3);
        final NicEngine e = new NicEngine(NicConfig.defaults(), (vf, seq, cls, buffer, offset, length) -> {
            seen.add(vf + "/" + seq + "/" + cls + "/" + java.util.Arrays.equals(f, 0, 100, buffer, offset, offset + length));
        });
        e.configure(VfConfig.checkpointing(C1, EthernetFrames.macOf(C1), 8, 1 << 16, OverflowPolicy.BACKPRESSURE));
        final byte[] carrier = new byte[120];
        System.arraycopy(f, 0, carrier, 11, 100);
        e.submit(C1, carrier, 11, 100);
        java.util.Arrays.fill(carrier, (byte) 0);
        e.seal(C1);
        e.commit(C1, 1);
        e.transmit(1);
        assertThat(seen).containsExactly(C1 + "/1/HIGH/true");
    }

    @Test
    void theHotPathAllocatesNothingPerFrame() {
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final NicEngine e = new NicEngine(new NicConfig(2, 1024, 1 << 20, 1500, SchedulerPolicy.boundedBypass(4), true),
                FrameSink.DISCARD);
        e.configure(VfConfig.checkpointing(0, EthernetFrames.macOf(0), 1024, 1 << 20, OverflowPolicy.BACKPRESSURE));
        e.configure(VfConfig.ordinary(1, EthernetFrames.macOf(1)));
        final byte[] c = EthernetFrames.valid(EthernetFrames.macOf(0), 64);
        final byte[] p = EthernetFrames.valid(EthernetFrames.macOf(1), 64);
        final Runnable round = () -> {
            for (int i = 0; i < 100; i++) {
                e.submit(0, c, 0, 64);
                e.submit(1, p, 0, 64);
            }
            e.commit(0, e.seal(0));
            e.transmit(1000);
        };
        for (int i = 0; i < 200; i++) {
            round.run();
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1000; i++) {
            round.run();
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // 200,000 frames: a single allocation per frame would be >= 3 MB. Allow the measurement's own noise.
        assertThat(allocated).isLessThan(64 * 1024);
    }
}
