package dev.hac.nic;

/** Why the engine held output it could have sent (counted per reason by {@link NicEngine#holds}). */
public enum HoldReason {
    /**
     * The primary's lease expired: checkpointed-class frames (released, or unbuffered) wait until the lease is
     * renewed or the host won the witness. Ordinary frames still go.
     */
    LEASE_EXPIRED,
    /** The host lost the witness and halted: nothing leaves any more. */
    HALTED
}
