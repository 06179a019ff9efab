package dev.hac.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hac.nic.FrameSink;
import dev.hac.nic.NicConfig;
import dev.hac.nic.NicEngine;
import dev.hac.wire.Message;
import dev.hac.wire.VmDescriptor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The HAC utility's checkpoint cycle, one VM, driven by hand. */
class HacUtilityTest {
    private static final VmDescriptor C1 = new VmDescriptor("c1", 0x02_00_00_00_00_01L, true, 8, BulkSender.NAME, 9);

    private final Vm vm = Vm.boot(C1);
    private final NicEngine engine = new NicEngine(NicConfig.defaults(), FrameSink.DISCARD);
    private final HacUtility utility = new HacUtility(engine, List.of(vm), BufferLimits.defaults());

    /** Completes the boot checkpoint (a full copy), so later ones carry only what the test dirties. */
    private void firstCheckpointCommitted() {
        assertThat(utility.startCheckpoint("c1").pageIndex()).hasSize(8);
        assertThat(utility.ackReceived("c1", 1)).isTrue();
        utility.releaseAcked("c1");
    }

    private void touch(final int page) {
        overwrite(page, page);
    }

    @Test
    void theVmRunsOnWhileItsCheckpointIsInFlightAndAfterAnAbort() throws Exception {
        utility.startCheckpoint("c1");
        // Another thread (a vCPU) must get the VM: the checkpointer resumed it after the copy.
        assertThat(CompletableFuture.supplyAsync(vm::vmSeq).get(10, TimeUnit.SECONDS)).isZero();
        utility.abort("c1");
        assertThat(CompletableFuture.supplyAsync(vm::vmSeq).get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void anAbortedCheckpointsPagesAndFramesAreCarriedByTheNextOne() {
        firstCheckpointCommitted();
        touch(3);
        vm.step(utility.port("c1")); // one frame into epoch 2
        final Message.Checkpoint aborted = utility.startCheckpoint("c1");
        assertThat(aborted.pageIndex()).contains(3);
        utility.abort("c1");
        assertThat(utility.aborts()).isEqualTo(1);
        assertThat(engine.bufferedFrames(0)).as("the frame waits for a later commit").isEqualTo(1);
        touch(5);
        final Message.Checkpoint next = utility.startCheckpoint("c1");
        assertThat(next.pageIndex()).as("the aborted pages go again").contains(3, 5);
        assertThat(utility.ackReceived("c1", next.epoch())).isTrue();
        assertThat(utility.releaseAcked("c1")).as("the next commit covers the aborted epoch's frame").isEqualTo(1);
        assertThat(engine.bufferedFrames(0)).isZero();
    }

    @Test
    void aLateAcknowledgementOfAnAbortedCheckpointIsCountedAndIgnored() {
        firstCheckpointCommitted();
        final long epoch = utility.startCheckpoint("c1").epoch();
        utility.abort("c1");
        assertThat(utility.ackReceived("c1", epoch)).isFalse();
        assertThat(utility.staleAcks()).isEqualTo(1);
    }

    @Test
    void aFullCopyIsRefusedWhileACheckpointIsInFlightAndCoversEveryPageAfter() throws Exception {
        firstCheckpointCommitted();
        utility.startCheckpoint("c1");
        assertThatThrownBy(() -> utility.markAllDirty("c1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in flight");
        utility.abort("c1");
        utility.markAllDirty("c1");
        assertThat(CompletableFuture.supplyAsync(vm::vmSeq).get(10, TimeUnit.SECONDS)).as("the VM runs on").isZero();
        assertThat(utility.startCheckpoint("c1").pageIndex()).hasSize(8);
    }

    @Test
    void losingTheSecondaryReleasesTheBufferedFramesAndEndsCheckpoints() {
        firstCheckpointCommitted();
        vm.step(utility.port("c1"));
        vm.step(utility.port("c1"));
        utility.startCheckpoint("c1");
        assertThat(utility.secondaryLost(List.of("c1"))).isEqualTo(2);
        assertThat(utility.mode()).isEqualTo(Mode.UNPROTECTED);
        assertThat(utility.checkpointingVms()).containsExactly("c1");
        assertThat(utility.inflight("c1")).isEqualTo(HacUtility.InFlight.NONE);
        assertThat(engine.bufferedFrames(0)).isZero();
    }

    /** Writes {@code value} into page {@code page}, so a checkpoint taken after it carries other bytes for that page. */
    private void overwrite(final int page, final long value) {
        vm.pause();
        try {
            vm.memory().putLong(page * 4096 + 64, value);
        } finally {
            vm.resume();
        }
    }

    @Test
    void anAbortedCheckpointStaysIntactForAWriterStillSendingItWhileTheNextIsTaken() {
        firstCheckpointCommitted();
        overwrite(3, 1);
        final Message.Checkpoint aborted = utility.startCheckpoint("c1");
        final Message.Checkpoint asTaken = aborted.detached();
        utility.abort("c1");
        overwrite(3, 2);
        assertThat(utility.startCheckpoint("c1").pageData().getLong(64)).isEqualTo(2);
        assertThat(aborted).as("the aborted message is a view; the next checkpoint must not refill under it")
                .isEqualTo(asTaken);
    }

    @Test
    void aCheckpointCutOffByASecondaryLossStaysIntactWhileTheNextSessionsFullCopyIsTaken() {
        firstCheckpointCommitted();
        overwrite(0, 1);
        final Message.Checkpoint cutOff = utility.startCheckpoint("c1");
        final Message.Checkpoint asTaken = cutOff.detached();
        utility.secondaryLost(List.of("c1"));
        utility.resumeProtection();
        overwrite(0, 2);
        utility.markAllDirty("c1");
        assertThat(utility.startCheckpoint("c1").pageIndex()).hasSize(8);
        assertThat(cutOff).isEqualTo(asTaken);
    }
}
