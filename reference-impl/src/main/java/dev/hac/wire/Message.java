package dev.hac.wire;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** A replication message. Records are immutable once decoded; the decoder builds one only from a fully checked message. */
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
     * {@code inflight[v].seq}); {@code pageIndex} strictly increases and
     * {@code pageData} holds the pages in that order, 4 KiB each.
     */
    record Checkpoint(String vm, long epoch, long vmSeq, int totalPages, int[] pageIndex, byte[] pageData)
            implements Message {
        public Checkpoint {
            Objects.requireNonNull(vm);
            if (pageData.length != (long) pageIndex.length * WireFormat.PAGE_SIZE) {
                throw new IllegalArgumentException("pageData must hold " + pageIndex.length + " pages");
            }
        }

        @Override
        public MessageType type() {
            return MessageType.CHECKPOINT;
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof Checkpoint c && vm.equals(c.vm) && epoch == c.epoch && vmSeq == c.vmSeq
                    && totalPages == c.totalPages && Arrays.equals(pageIndex, c.pageIndex)
                    && Arrays.equals(pageData, c.pageData);
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
