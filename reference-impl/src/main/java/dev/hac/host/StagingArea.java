package dev.hac.host;

import dev.hac.wire.Message;
import java.util.Arrays;

/**
 * Where a paused VM's dirty pages are copied before it resumes: preallocated for
 * the whole VM, so a checkpoint never allocates while the VM is paused.
 */
public final class StagingArea {
    private final int[] pageIndex;
    private final byte[] pageData;
    private int count;

    public StagingArea(final int pages) {
        this.pageIndex = new int[pages];
        this.pageData = new byte[pages * GuestMemory.PAGE_SIZE];
    }

    void clear() {
        count = 0;
    }

    void add(final int page, final byte[] from, final int offset) {
        pageIndex[count] = page;
        System.arraycopy(from, offset, pageData, count * GuestMemory.PAGE_SIZE, GuestMemory.PAGE_SIZE);
        count++;
    }

    /** Marks the staged pages dirty again in {@code memory} (an aborted checkpoint must be resent). */
    void markStagedDirty(final GuestMemory memory) {
        for (int i = 0; i < count; i++) {
            memory.markDirty(pageIndex[i]);
        }
    }

    public int pageCount() {
        return count;
    }

    /** The staged pages as a CHECKPOINT message (copied, so the area can be refilled while it is in transfer). */
    public Message.Checkpoint toCheckpoint(final String vm, final long epoch, final long vmSeq, final int totalPages) {
        return new Message.Checkpoint(vm, epoch, vmSeq, totalPages, Arrays.copyOf(pageIndex, count),
                Arrays.copyOf(pageData, count * GuestMemory.PAGE_SIZE));
    }
}
