package dev.hac.nic;

/** The two transmit classes of the scheduler (the model's {@code txHigh} and {@code txNormal}). */
public enum TrafficClass {
    /** Released frames of checkpointing VMs (and their unbuffered frames when unprotected or failed over). */
    HIGH,
    /** Frames of ordinary (non-checkpointing) VMs: never buffered, never delayed by checkpoints. */
    NORMAL
}
