package dev.hac.nic;

/** Outcome of {@link NicEngine#configure(VfConfig)}. Every outcome other than {@link #APPLIED} leaves the engine unchanged. */
public enum ConfigResult {
    /** The configuration is in force for the next submitted frame. */
    APPLIED,
    /** The VF index is not below {@link NicConfig#maxVfs()}. */
    REFUSED_NO_SUCH_VF,
    /**
     * The VF holds frames (buffered or queued): reconfiguring it is refused until it is idle. Every held frame was
     * admitted under the configuration it is accounted against (its class, its limits); changing that under it
     * would either move a checkpointing VM's unreleased frames into the ordinary class (breaking output commit) or
     * leave occupancy above a new, smaller limit. The host reconfigures a VM while it is paused after a commit
     * drained it, or before it first sends (R2).
     */
    REFUSED_BUSY,
    /** Another configured VF already has this MAC (R1: each VM has a unique MAC). */
    REFUSED_DUPLICATE_MAC,
    /** The frame or byte limit exceeds the per-VF resources of the engine ({@link NicConfig#ringSize()}, {@link NicConfig#slabBytesPerVf()}). */
    REFUSED_LIMITS_EXCEED_RESOURCES
}
