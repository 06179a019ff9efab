package dev.hac.nic;

/**
 * What the engine does with a frame of a checkpointing VF whose epoch buffer is at its
 * frame or byte limit (docs/DESIGN.md R8). Only applies while the engine is buffering.
 */
public enum OverflowPolicy {
    /** Refuse the frame with {@link SubmitStatus#BACKPRESSURE}: the VM stalls, no sequence number is consumed. */
    BACKPRESSURE,
    /** Drop the frame with {@link SubmitStatus#DROPPED}: its sequence number is consumed and the drop counted. */
    DROP,
    /**
     * Like {@link #BACKPRESSURE} when full, but when the buffer reaches the VF's high-water mark the engine
     * raises a signal ({@link NicEngine#highWaterRaised(int)}, {@link HighWaterListener}) so the host can start a
     * checkpoint before the VM stalls.
     */
    EARLY_CHECKPOINT
}
