package dev.hac.host;

import dev.hac.nic.OverflowPolicy;

/** Per-VM NIC buffer limits the HAC utility configures for every checkpointing VM (R8). */
public record BufferLimits(int maxFrames, long maxBytes, OverflowPolicy overflow) {
    public BufferLimits {
        if (maxFrames < 1 || maxBytes < 1 || overflow == null) {
            throw new IllegalArgumentException("buffer limits must be >= 1 and the overflow policy set");
        }
    }

    public static BufferLimits defaults() {
        return new BufferLimits(2048, 2L << 20, OverflowPolicy.EARLY_CHECKPOINT);
    }
}
