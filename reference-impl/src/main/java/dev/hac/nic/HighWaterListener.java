package dev.hac.nic;

/**
 * Called by the engine, from inside {@link NicEngine#submit}, when a VF with
 * {@link OverflowPolicy#EARLY_CHECKPOINT} reaches its high-water mark; at most once per epoch (the signal is
 * cleared by {@link NicEngine#seal}). The host may instead poll {@link NicEngine#highWaterRaised(int)}. The
 * listener must not call back into the engine: it should set a flag or wake the checkpointing thread.
 */
@FunctionalInterface
public interface HighWaterListener {
    /**
     * @param vf             the VF
     * @param bufferedFrames frames buffered when the mark was reached
     * @param bufferedBytes  bytes buffered when the mark was reached
     */
    void onHighWater(int vf, int bufferedFrames, long bufferedBytes);

    /** No listener: the host polls. */
    HighWaterListener NONE = (vf, frames, bytes) -> { };
}
