package dev.hac.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.wire.Message;
import org.junit.jupiter.api.Test;

class GuestMemoryTest {

    @Test
    void marksExactlyThePagesWrittenAndDrainClearsThem() {
        final GuestMemory m = new GuestMemory(100);
        m.putLong(5 * 4096 + 8, 1);
        m.putLong(70 * 4096, 2);
        m.putLong(3 * 4096 + 4092, 3); // straddles pages 3 and 4
        assertThat(m.dirtyPages()).isEqualTo(4);
        final StagingArea staging = new StagingArea(100);
        m.drainDirtyInto(staging);
        assertThat(m.dirtyPages()).isZero();
        final Message.Checkpoint c = staging.toCheckpoint("v", 1, 0, 100);
        assertThat(c.pageIndex()).containsExactly(3, 4, 5, 70);
        assertThat(c.pageData().getLong(3 * 4096)).isEqualTo(2);
    }

    @Test
    void aCopyOfTheDirtyPagesRebuildsTheMemoryExactly() {
        final GuestMemory source = new GuestMemory(130);
        final GuestMemory replica = new GuestMemory(130);
        final StagingArea staging = new StagingArea(130);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 20; i++) {
                source.putLong(((i * 37 + round * 11) % 130) * 4096 + (i % 500) * 8, i * 1000L + round);
            }
            source.drainDirtyInto(staging);
            final Message.Checkpoint c = staging.toCheckpoint("v", round + 1, 0, 130);
            replica.writePages(c);
            assertThat(replica.contentEquals(source)).isTrue();
        }
    }

    @Test
    void markAllDirtyCoversEveryPageAndNoMore() {
        final GuestMemory m = new GuestMemory(70);
        m.markAllDirty();
        assertThat(m.dirtyPages()).isEqualTo(70);
    }

    @Test
    void aByteWriteMarksEveryPageItTouchesAndNoOther() {
        final GuestMemory m = new GuestMemory(4);
        m.write(4090, new byte[10], 0, 10); // pages 0 and 1
        assertThat(m.isDirty(0)).isTrue();
        assertThat(m.isDirty(1)).isTrue();
        assertThat(m.isDirty(2)).isFalse();
        m.write(2 * 4096, new byte[4096], 0, 4096); // exactly page 2
        assertThat(m.isDirty(2)).isTrue();
        assertThat(m.isDirty(3)).isFalse();
        m.write(3 * 4096, new byte[1], 0, 0); // nothing written, nothing marked
        assertThat(m.dirtyPages()).isEqualTo(3);
        assertThat(m.sizeBytes()).isEqualTo(4 * 4096);
    }

    @Test
    void aCopyIsEqualInContentAndWhollyDirtyAndADifferentByteIsNoticed() {
        final GuestMemory a = new GuestMemory(3);
        a.putLong(4096, 7);
        final GuestMemory b = new GuestMemory(3);
        assertThat(b.contentEquals(a)).isFalse();
        b.copyFrom(a);
        assertThat(b.contentEquals(a)).isTrue();
        assertThat(b.getLong(4096)).isEqualTo(7);
        assertThat(b.dirtyPages()).isEqualTo(3);
    }
}
