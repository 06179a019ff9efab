package dev.hac.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hac.wire.Message;
import dev.hac.wire.VmDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaTest {
    private static final VmDescriptor C1 = new VmDescriptor("c1", 0x020000000001L, true, 8, "kv", 0);

    /** A full-copy checkpoint of a VM whose memory holds {@code seq} as vmSeq and {@code marker} on page 3. */
    private static Message.Checkpoint checkpoint(final long epoch, final long seq, final long marker) {
        return checkpoint(epoch, seq, marker, true);
    }

    /** {@code full} false: only the pages written (0 and 3), as a checkpoint after the first one carries. */
    static Message.Checkpoint checkpoint(final long epoch, final long seq, final long marker, final boolean full) {
        final GuestMemory m = new GuestMemory(8);
        m.putLong(VmLayout.VM_SEQ, seq);
        m.putLong(3 * 4096, marker);
        if (full) {
            m.markAllDirty();
        }
        final StagingArea s = new StagingArea(8);
        m.drainDirtyInto(s);
        return s.toCheckpoint("c1", epoch, seq, 8);
    }

    private static byte[] bytes(final Message.Checkpoint c) {
        final byte[] b = new byte[c.pageBytes()];
        c.pageData().get(b);
        return b;
    }

    private static long marker(final Replica r) {
        final GuestMemory m = new GuestMemory(8);
        r.restoreInto(m);
        return m.getLong(3 * 4096);
    }

    @Test
    void appliesInOrderAndRefusesDuplicatesAndOlderEpochs() throws Exception {
        final Replica r = new Replica(C1);
        assertThat(r.apply(checkpoint(1, 1, 11))).isEqualTo(1);
        assertThat(r.apply(checkpoint(3, 2, 33))).isEqualTo(3);
        for (final long stale : new long[] {3, 2}) {
            assertThatThrownBy(() -> r.apply(checkpoint(stale, 3, 99)))
                    .isInstanceOfSatisfying(CheckpointRefused.class, e -> assertThat(e.reason()).isEqualTo(CheckpointRefused.Reason.STALE_EPOCH));
        }
        assertThat(r.appliedEpoch()).isEqualTo(3);
        assertThat(r.appliedSeq()).isEqualTo(2);
        assertThat(marker(r)).isEqualTo(33);
    }

    @Test
    void refusesAnotherVmsOrAnotherSizesCheckpointAndAHeaderThatContradictsMemory() {
        final Replica r = new Replica(C1);
        final Message.Checkpoint good = checkpoint(1, 5, 1);
        final Message.Checkpoint otherVm = new Message.Checkpoint("c2", 1, 5, 8, good.pageIndex(), bytes(good));
        final Message.Checkpoint lyingHeader = new Message.Checkpoint("c1", 1, 6, 8, good.pageIndex(), bytes(good));
        assertThatThrownBy(() -> r.apply(otherVm)).hasMessageContaining("WRONG_VM");
        assertThatThrownBy(() -> r.apply(lyingHeader)).hasMessageContaining("HEADER_MISMATCH");
        assertThatThrownBy(() -> r.apply(new Message.Checkpoint("c1", 1, 0, 9, new int[0], new byte[0])))
                .hasMessageContaining("SIZE_MISMATCH");
        assertThat(r.appliedEpoch()).isZero();
        assertThat(marker(r)).isZero();
    }

    @Test
    void refusesAFirstCheckpointThatIsNotAFullCopyAndAcceptsPartialOnesAfterIt() throws Exception {
        final Standby standby = new Standby(List.of(C1));
        assertThat(standby.replicates("c1")).isTrue();
        assertThat(standby.replicates("c9")).isFalse();
        final Replica r = standby.replica("c1");
        assertThatThrownBy(() -> standby.apply(checkpoint(1, 1, 11, false)))
                .isInstanceOfSatisfying(CheckpointRefused.class, e -> assertThat(e.reason()).isEqualTo(CheckpointRefused.Reason.NOT_A_FULL_COPY))
                .hasMessageContaining("2 of 8 pages");
        assertThat(standby.refusals(CheckpointRefused.Reason.NOT_A_FULL_COPY)).isEqualTo(1);
        assertThat(standby.refusals()).isEqualTo(1);
        assertThat(r.appliedEpoch()).isZero();
        assertThat(r.hasStaged()).isFalse();
        assertThat(marker(r)).isZero();
        assertThat(standby.apply(checkpoint(2, 1, 11))).isEqualTo(2);
        assertThat(standby.apply(checkpoint(3, 2, 33, false))).isEqualTo(3);
        assertThat(marker(r)).isEqualTo(33);
    }

    @Test
    void takeoverRestoresTheLastAppliedCheckpointNeverTheStagedOne() throws Exception {
        final Replica r = new Replica(C1);
        r.apply(checkpoint(1, 1, 11));
        r.stage(checkpoint(2, 2, 22));
        assertThat(r.hasStaged()).isTrue();
        final GuestMemory m = new GuestMemory(8);
        assertThat(r.restoreInto(m)).as("the checkpoint whose memory was copied").isEqualTo(new Replica.Restored(1, 1));
        assertThat(m.getLong(3 * 4096)).isEqualTo(11);
        assertThat(r.hasStaged()).isFalse();
        assertThatThrownBy(r::applyStaged).isInstanceOf(IllegalStateException.class);
        assertThat(r.appliedEpoch()).isEqualTo(1);
    }
}
