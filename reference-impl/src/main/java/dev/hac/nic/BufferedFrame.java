package dev.hac.nic;

/** A frame in an epoch buffer, as the model sees it: {@code [seq |-> n, epoch |-> e]}. */
public record BufferedFrame(long seq, long epoch) {
}
