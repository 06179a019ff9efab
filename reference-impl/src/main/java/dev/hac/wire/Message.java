package dev.hac.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A replication message. The decoder builds one only from a fully checked message; all are immutable values, and a
 * {@link Checkpoint}'s page data may be a view of a buffer its producer reuses (see there).
 */
public sealed interface Message permits Message.Hello, Message.Checkpoint, Message.Ack, Message.Heartbeat {

    MessageType type();

    enum Role { PRIMARY, SECONDARY }

    /**
     * Opens a session. The secondary speaks first with a fresh nonce; the primary
     * answers with its own nonce, the secondary's nonce echoed, the configuration
     * and the VM list. Both then switch to the session key derived from both nonces.
     */
    record Hello(Role role, byte[] nonce, byte[] peerNonce, int epochIntervalMicros,
                 int heartbeatIntervalMicros, List<VmDescriptor> vms) implements Message {
        public Hello {
            Objects.requireNonNull(role);
            if (nonce.length != WireFormat.NONCE || peerNonce.length != WireFormat.NONCE) {
                throw new IllegalArgumentException("nonces are " + WireFormat.NONCE + " bytes");
            }
            vms = List.copyOf(vms);
        }

        @Override
        public MessageType type() {
            return MessageType.HELLO;
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof Hello h && role == h.role && Arrays.equals(nonce, h.nonce)
                    && Arrays.equals(peerNonce, h.peerNonce) && epochIntervalMicros == h.epochIntervalMicros
                    && heartbeatIntervalMicros == h.heartbeatIntervalMicros && vms.equals(h.vms);
        }

        @Override
        public int hashCode() {
            return Objects.hash(role, Arrays.hashCode(nonce), vms);
        }
    }

    /**
     * The dirty pages of one VM at a sealed epoch. {@code vmSeq} is the number of
     * frames the VM had emitted when the epoch was sealed (the abstract
     * {@code inflight[v].seq}); {@code pageIndex} strictly increases and the page
     * data holds the pages in that order, 4 KiB each.
     *
     * <p>A checkpoint is a value (equality is by content) but its page data may be a
     * <em>view</em> of a buffer its producer reuses ({@link #view}): a decoder's
     * buffer until its next read, a staging area's until the checkpoint ends. A
     * checkpoint of 5% of a 64 MiB VM is 3.3 MiB; copying it into a fresh array on
     * each side was half of the replication pair's garbage and most of its commit
     * tail (young-GC pauses). Whoever keeps one longer takes {@link #detached}.
     */
    final class Checkpoint implements Message {
        private final String vm;
        private final long epoch;
        private final long vmSeq;
        private final int totalPages;
        private final int[] pageIndex;
        private final byte[] data;
        private final int offset;

        /** A checkpoint that owns {@code pageData}, exactly {@code pageIndex.length} pages. */
        public Checkpoint(final String vm, final long epoch, final long vmSeq, final int totalPages, final int[] pageIndex,
                          final byte[] pageData) {
            this(vm, epoch, vmSeq, totalPages, pageIndex, pageData, 0);
            if (pageData.length != (long) pageIndex.length * WireFormat.PAGE_SIZE) {
                throw new IllegalArgumentException("pageData must hold " + pageIndex.length + " pages");
            }
        }

        private Checkpoint(final String vm, final long epoch, final long vmSeq, final int totalPages, final int[] pageIndex,
                           final byte[] data, final int offset) {
            this.vm = Objects.requireNonNull(vm);
            this.epoch = epoch;
            this.vmSeq = vmSeq;
            this.totalPages = totalPages;
            this.pageIndex = pageIndex;
            this.data = data;
            this.offset = offset;
            if (offset < 0 || offset + (long) pageIndex.length * WireFormat.PAGE_SIZE > data.length) {
                throw new IllegalArgumentException(pageIndex.length + " pages at offset " + offset + " do not fit "
                        + data.length + " bytes");
            }
        }

        /**
         * A checkpoint whose pages are read from {@code data} at {@code offset} without a copy; valid only while
         * the producer leaves those bytes alone.
         */
        public static Checkpoint view(final String vm, final long epoch, final long vmSeq, final int totalPages,
                                      final int[] pageIndex, final byte[] data, final int offset) {
            return new Checkpoint(vm, epoch, vmSeq, totalPages, pageIndex, data, offset);
        }

        /** The same checkpoint owning a copy of its pages, safe to keep after the producer reuses its buffer. */
        public Checkpoint detached() {
            return new Checkpoint(vm, epoch, vmSeq, totalPages, pageIndex.clone(),
                    Arrays.copyOfRange(data, offset, offset + pageBytes()));
        }

        @Override
        public MessageType type() {
            return MessageType.CHECKPOINT;
        }

        public String vm() {
            return vm;
        }

        public long epoch() {
            return epoch;
        }

        public long vmSeq() {
            return vmSeq;
        }

        public int totalPages() {
            return totalPages;
        }

        /** The page numbers, increasing; the array itself (do not modify). */
        public int[] pageIndex() {
            return pageIndex;
        }

        public int pageCount() {
            return pageIndex.length;
        }

        public int pageBytes() {
            return pageIndex.length * WireFormat.PAGE_SIZE;
        }

        /** The page data, read-only, position 0, limit {@link #pageBytes}, big-endian. */
        public ByteBuffer pageData() {
            return ByteBuffer.wrap(data, offset, pageBytes()).slice().asReadOnlyBuffer();
        }

        /** Copies page {@code i} (the {@code i}-th of {@link #pageIndex}, not page number {@code i}) to {@code dst[at]}. */
        public void copyPage(final int i, final byte[] dst, final int at) {
            System.arraycopy(data, offset + i * WireFormat.PAGE_SIZE, dst, at, WireFormat.PAGE_SIZE);
        }

        /** The array the pages are read from, and where they start in it: for the encoder, which seals in place. */
        byte[] dataArray() {
            return data;
        }

        int dataOffset() {
            return offset;
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof Checkpoint c && vm.equals(c.vm) && epoch == c.epoch && vmSeq == c.vmSeq
                    && totalPages == c.totalPages && Arrays.equals(pageIndex, c.pageIndex)
                    && Arrays.equals(data, offset, offset + pageBytes(), c.data, c.offset, c.offset + c.pageBytes());
        }

        @Override
        public int hashCode() {
            return Objects.hash(vm, epoch, vmSeq);
        }

        @Override
        public String toString() {
            return "Checkpoint[vm=" + vm + ", epoch=" + epoch + ", vmSeq=" + vmSeq + ", pages=" + pageIndex.length + "]";
        }
    }

    /** The secondary applied checkpoint {@code epoch} of {@code vm}. */
    record Ack(String vm, long epoch) implements Message {
        @Override
        public MessageType type() {
            return MessageType.ACK;
        }
    }

    /**
     * Liveness, and the witness generation the sender runs under: the primary's heartbeats tell the secondary
     * which generation to claim if the primary falls silent (0: none, e.g. without fencing).
     */
    record Heartbeat(long generation) implements Message {
        @Override
        public MessageType type() {
            return MessageType.HEARTBEAT;
        }
    }
}
