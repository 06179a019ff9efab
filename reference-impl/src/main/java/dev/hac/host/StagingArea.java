package dev.hac.host;

import dev.hac.wire.Message;
import java.util.Arrays;

/**
 * Where a paused VM's dirty pages are copied before it resumes: preallocated for
 * the whole VM, so a checkpoint never allocates while the VM is paused, and the
 * message is sent from here, so it is not copied again.
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

    /**
     * The staged pages as a CHECKPOINT message whose page data is a view of this area (not copied): the area must
     * not be refilled while the message may still be read, that is, until the checkpoint is acknowledged (the
     * secondary has then received every byte). An aborted checkpoint may still be in a writer's hands, so its VM
     * gets a new area ({@link HacUtility#abort}).
     */
    public Message.Checkpoint toCheckpoint(final String vm, final long epoch, final long vmSeq, final int totalPages) {
        return Message.Checkpoint.view(vm, epoch, vmSeq, totalPages, Arrays.copyOf(pageIndex, count), pageData, 0);
    }
}
