package dev.hac.nic;

/**
 * Called by the engine, from inside {@link NicEngine#submit}, when a checkpointing VF's frame enters an empty
 * open epoch: the first output since the last {@link NicEngine#seal}, which now waits for a checkpoint. At most
 * once per epoch (the signal is cleared by the seal); the host may instead poll
 * {@link NicEngine#outputPending(int)}. The listener must not call back into the engine: it should set a flag or
 * wake the checkpointing thread. This is what a checkpoint-on-output policy starts checkpoints from.
 */
@FunctionalInterface
public interface OutputListener {
    void onOutput(int vf);

    /** No listener: the host polls. */
    OutputListener NONE = vf -> { };
}
