package dev.hac.nic;

/**
 * Configuration of one virtual function (one VM), set by the HAC utility before the VM sends (R2).
 * Limits and the overflow policy only matter for checkpointing VFs while the engine buffers; they bound the
 * frames held in epoch buffers (the model's {@code Len(buf[v]) <= Cap}), not frames already released.
 *
 * @param vf              VF index, {@code 0 .. maxVfs-1}
 * @param mac             the VM's unicast MAC; frames with another source MAC are refused as spoofed
 * @param checkpointing   true: frames are buffered per epoch and released by commits; false: ordinary VM
 * @param maxFrames       buffer limit in frames (1 .. ringSize)
 * @param maxBytes        buffer limit in bytes (1 .. slabBytesPerVf)
 * @param overflow        what happens to a frame that would exceed a limit
 * @param highWaterFrames for {@link OverflowPolicy#EARLY_CHECKPOINT}: raise the signal when this many frames are buffered
 * @param highWaterBytes  for {@link OverflowPolicy#EARLY_CHECKPOINT}: raise the signal when this many bytes are buffered
 */
public record VfConfig(int vf, long mac, boolean checkpointing, int maxFrames, long maxBytes,
                       OverflowPolicy overflow, int highWaterFrames, long highWaterBytes) {

    public VfConfig {
        if (vf < 0) {
            throw new IllegalArgumentException("vf must be >= 0 (got " + vf + ")");
        }
        if (!MacAddress.isUnicast(mac)) {
            throw new IllegalArgumentException("VF " + vf + ": MAC " + MacAddress.format(mac) + " is not a unicast address");
        }
        if (maxFrames < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("VF " + vf + ": limits must be >= 1 (frames " + maxFrames + ", bytes " + maxBytes + ")");
        }
        if (overflow == null) {
            throw new IllegalArgumentException("VF " + vf + ": overflow policy is null");
        }
        if (highWaterFrames < 1 || highWaterFrames > maxFrames || highWaterBytes < 1 || highWaterBytes > maxBytes) {
            throw new IllegalArgumentException("VF " + vf + ": high-water mark (" + highWaterFrames + " frames, "
                    + highWaterBytes + " bytes) must be within 1 .. the limits (" + maxFrames + ", " + maxBytes + ")");
        }
    }

    /** A checkpointing VF; the high-water mark defaults to three quarters of the limits. */
    public static VfConfig checkpointing(final int vf, final long mac, final int maxFrames, final long maxBytes,
                                         final OverflowPolicy overflow) {
        return new VfConfig(vf, mac, true, maxFrames, maxBytes, overflow,
                Math.max(1, maxFrames - maxFrames / 4), Math.max(1, maxBytes - maxBytes / 4));
    }

    /** An ordinary VF: never buffered; the limits are unused and set to 1. */
    public static VfConfig ordinary(final int vf, final long mac) {
        return new VfConfig(vf, mac, false, 1, 1, OverflowPolicy.BACKPRESSURE, 1, 1);
    }

    /** The same configuration with another high-water mark. */
    public VfConfig withHighWater(final int frames, final long bytes) {
        return new VfConfig(vf, mac, checkpointing, maxFrames, maxBytes, overflow, frames, bytes);
    }

    /** The same configuration with other limits (the high-water mark is reset to three quarters of them). */
    public VfConfig withLimits(final int frames, final long bytes) {
        return new VfConfig(vf, mac, checkpointing, frames, bytes, overflow,
                Math.max(1, frames - frames / 4), Math.max(1, bytes - bytes / 4));
    }
}
