package dev.hac.nic;

/** A frame in a transmit queue or on the wire, as the model sees it: {@code [vm |-> v, seq |-> n]} with the VF as {@code v}. */
public record QueuedFrame(int vf, long seq) {
}
