package dev.hac.host;

import dev.hac.wire.Message;
import dev.hac.wire.WireFormat;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A VM's memory: a preallocated array of 4 KiB pages with a dirty bit per page.
 * Every write through this class marks its page dirty, the way a hypervisor's
 * write-protection or PML log would; {@link #drainDirtyInto} copies the dirty
 * pages out and clears the bits in one pass (the VM is paused while it runs).
 * Not thread-safe: the owning {@link Vm} serialises its vCPU and the checkpointer.
 */
public final class GuestMemory {
    public static final int PAGE_SIZE = WireFormat.PAGE_SIZE;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] bytes;
    private final long[] dirty;
    private final int pages;

    public GuestMemory(final int pages) {
        if (pages < 1 || (long) pages * PAGE_SIZE > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("pages must be in [1, " + (Integer.MAX_VALUE / PAGE_SIZE - 1) + "]: " + pages);
        }
        this.pages = pages;
        this.bytes = new byte[pages * PAGE_SIZE];
        this.dirty = new long[(pages + 63) >>> 6];
    }

    public int pages() {
        return pages;
    }

    public int sizeBytes() {
        return bytes.length;
    }

    public long getLong(final int address) {
        return (long) LONGS.get(bytes, address);
    }

    public void putLong(final int address, final long value) {
        LONGS.set(bytes, address, value);
        markDirty(address >>> 12);
        // a long at 8-byte alignment never straddles a page; unaligned ones may
        markDirty((address + 7) >>> 12);
    }

    /** Copies {@code length} bytes into memory at {@code address}, marking the pages written. */
    public void write(final int address, final byte[] src, final int offset, final int length) {
        System.arraycopy(src, offset, bytes, address, length);
        if (length > 0) {
            for (int p = address >>> 12; p <= (address + length - 1) >>> 12; p++) {
                markDirty(p);
            }
        }
    }

    public void read(final int address, final byte[] dst, final int offset, final int length) {
        System.arraycopy(bytes, address, dst, offset, length);
    }

    public void markDirty(final int page) {
        dirty[page >>> 6] |= 1L << page;
    }

    /** All pages dirty: the first checkpoint ships the whole VM. */
    public void markAllDirty() {
        Arrays.fill(dirty, -1L);
        final int tail = pages & 63;
        if (tail != 0) {
            dirty[dirty.length - 1] = (1L << tail) - 1;
        }
    }

    public int dirtyPages() {
        int n = 0;
        for (final long w : dirty) {
            n += Long.bitCount(w);
        }
        return n;
    }

    public boolean isDirty(final int page) {
        return (dirty[page >>> 6] & (1L << page)) != 0;
    }

    /** Copies every dirty page into {@code staging} in page order and clears the dirty bits. */
    public void drainDirtyInto(final StagingArea staging) {
        staging.clear();
        for (int w = 0; w < dirty.length; w++) {
            long word = dirty[w];
            while (word != 0) {
                final int page = (w << 6) + Long.numberOfTrailingZeros(word);
                staging.add(page, bytes, page * PAGE_SIZE);
                word &= word - 1;
            }
            dirty[w] = 0;
        }
    }

    /** Overwrites the pages a checkpoint carries (already validated). Does not mark them dirty. */
    public void writePages(final Message.Checkpoint c) {
        final int[] pageIndex = c.pageIndex();
        for (int i = 0; i < pageIndex.length; i++) {
            c.copyPage(i, bytes, pageIndex[i] * PAGE_SIZE);
        }
    }

    /** Makes this memory an exact copy of {@code other} (same size), all pages dirty. */
    public void copyFrom(final GuestMemory other) {
        if (other.pages != pages) {
            throw new IllegalArgumentException("memory sizes differ: " + other.pages + " vs " + pages + " pages");
        }
        System.arraycopy(other.bytes, 0, bytes, 0, bytes.length);
        markAllDirty();
    }

    public boolean contentEquals(final GuestMemory other) {
        return Arrays.equals(bytes, other.bytes);
    }
}
