package dev.hac.fuzz;

import java.util.List;

/**
 * One input of the {@code replication} target: a primary's session (the checkpointing VMs' sizes and what each
 * epoch writes into a VM's memory) whose encoded messages are then damaged by {@code mutations} on their way to
 * the secondary, read message by message or as one byte stream.
 *
 * @param vmPages   memory size in pages of each checkpointing VM ({@code c0}, {@code c1}, ...)
 * @param epochs    the checkpoints the primary takes, in order
 * @param mutations what happens to the encoded messages on the way, applied in order
 * @param streamed  true: the secondary reads one concatenated stream ({@code MessageDecoder.read}); false: it
 *                  decodes each message's bytes ({@code MessageDecoder.decode})
 */
public record ReplicationCase(List<Integer> vmPages, List<Epoch> epochs, List<Mutation> mutations, boolean streamed) {

    public ReplicationCase {
        vmPages = List.copyOf(vmPages);
        epochs = List.copyOf(epochs);
        mutations = List.copyOf(mutations);
    }

    /**
     * One checkpoint of VM {@code vm}: the guest writes {@code writes}, emits {@code frames} frames (its vmSeq,
     * kept in memory, grows), then the primary seals and ships the dirty pages; a heartbeat may follow.
     */
    public record Epoch(int vm, List<Write> writes, int frames, boolean heartbeat) {
        public Epoch {
            writes = List.copyOf(writes);
        }
    }

    /** A guest store of a long at a byte address (taken modulo the VM's size). */
    public record Write(int address, long value) {
    }

    /** What the network or a faulty peer does to the message stream. Message indices are taken modulo its size. */
    public sealed interface Mutation {
    }

    /** A bit flips: damage the CRC must catch. */
    public record FlipBit(int message, int bit) implements Mutation {
    }

    /** The message is cut after {@code keep} bytes. */
    public record Truncate(int message, int keep) implements Mutation {
    }

    /** The message is lost. */
    public record Drop(int message) implements Mutation {
    }

    /** The message is sent again at position {@code to} (a replay). */
    public record Duplicate(int message, int to) implements Mutation {
    }

    /** Two messages arrive in each other's place. */
    public record Swap(int a, int b) implements Mutation {
    }

    /** The length field is overwritten. */
    public record SetLength(int message, int length) implements Mutation {
    }

    /** The message is sealed anew (tags and CRCs) under keys the secondary does not hold: a forgery. */
    public record ForeignKey(int message) implements Mutation {
    }

    /**
     * A header or body byte changes and the sender seals the result with the real keys: an authentic message with
     * wrong content (a buggy primary). It must reach the body checks and the apply path and be refused there, or
     * be applied whole.
     */
    public record Resign(int message, int at, byte value) implements Mutation {
    }

    /** Bytes nobody sent appear at position {@code at}. */
    public record Garbage(int at, byte[] bytes) implements Mutation {
    }
}
