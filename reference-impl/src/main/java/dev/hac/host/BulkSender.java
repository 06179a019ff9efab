package dev.hac.host;

import java.nio.ByteBuffer;

/**
 * A guest that streams numbered datagrams and, for each one, writes to
 * {@code pagesPerFrame} pages of its memory in a rotating pattern: the way to
 * give a VM a chosen dirty rate. The frame counter and the write position live
 * in memory.
 */
public final class BulkSender implements GuestWorkload {
    public static final String NAME = "bulk";
    public static final int PAYLOAD = 64;

    private final int workloadPages;
    private final int pagesPerFrame;

    public BulkSender(final int pages, final int pagesPerFrame) {
        if (pages < 2 || pagesPerFrame < 0) {
            throw new IllegalArgumentException("bulk needs >= 2 pages and pagesPerFrame >= 0");
        }
        this.workloadPages = pages - 1;
        this.pagesPerFrame = pagesPerFrame;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int run(final GuestMemory memory, final ByteBuffer request, final ByteBuffer reply) {
        final long n = memory.getLong(VmLayout.WORKLOAD_CURSOR) + 1;
        memory.putLong(VmLayout.WORKLOAD_CURSOR, n);
        dirty(memory, n, pagesPerFrame);
        reply.clear();
        reply.putLong(n);
        while (reply.position() < PAYLOAD) {
            reply.put((byte) n);
        }
        return PAYLOAD;
    }

    /** Writes {@code count} pages for step {@code n}: the pages after the previous step's, wrapping around. */
    public void dirty(final GuestMemory memory, final long n, final int count) {
        for (int i = 0; i < count; i++) {
            final int page = 1 + (int) Long.remainderUnsigned((n - 1) * count + i, workloadPages);
            memory.putLong(page * GuestMemory.PAGE_SIZE, n);
        }
    }
}
