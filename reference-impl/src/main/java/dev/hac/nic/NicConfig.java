package dev.hac.nic;

/**
 * Engine-wide configuration, fixed at construction; all memory is allocated then.
 *
 * <p>Every VF gets the same resources: a descriptor ring of {@code ringSize} entries (buffered frames plus frames
 * queued for the link) and a {@code slabBytesPerVf} share of the payload slab. Per-VF limits
 * ({@link VfConfig#maxFrames()}, {@link VfConfig#maxBytes()}) must fit inside them.
 *
 * @param maxVfs         number of virtual functions, VF indices are {@code 0 .. maxVfs-1}
 * @param ringSize       descriptors per VF, a power of two
 * @param slabBytesPerVf payload bytes per VF, a power of two, at least one maximal frame
 * @param mtu            largest payload after the Ethernet header, 68..9216 (frames may be MTU + 14, or + 18 tagged)
 * @param policy         transmit scheduler policy
 * @param buffering      true on the primary (protected mode); false for the engine a secondary builds at takeover,
 *                       whose checkpointing VFs send straight to the high class
 */
public record NicConfig(int maxVfs, int ringSize, int slabBytesPerVf, int mtu, SchedulerPolicy policy, boolean buffering) {

    /** Ethernet header without tag. */
    public static final int ETH_HEADER = 14;
    /** 802.1Q tag. */
    public static final int VLAN_TAG = 4;

    public NicConfig {
        if (maxVfs < 1 || maxVfs > 4096) {
            throw new IllegalArgumentException("maxVfs must be 1..4096 (got " + maxVfs + ")");
        }
        if (ringSize < 2 || Integer.bitCount(ringSize) != 1 || ringSize > (1 << 24)) {
            throw new IllegalArgumentException("ringSize must be a power of two in 2..2^24 (got " + ringSize + ")");
        }
        if (mtu < 68 || mtu > 9216) {
            throw new IllegalArgumentException("mtu must be 68..9216 (got " + mtu + ")");
        }
        if (Integer.bitCount(slabBytesPerVf) != 1 || slabBytesPerVf < mtu + ETH_HEADER + VLAN_TAG) {
            throw new IllegalArgumentException("slabBytesPerVf must be a power of two >= one maximal frame ("
                    + (mtu + ETH_HEADER + VLAN_TAG) + " bytes) (got " + slabBytesPerVf + ")");
        }
        if ((long) maxVfs * ringSize > (1 << 24) || (long) maxVfs * slabBytesPerVf > (1L << 30)) {
            throw new IllegalArgumentException("maxVfs * ringSize must be <= 2^24 and maxVfs * slabBytesPerVf <= 1 GiB");
        }
        if (policy == null) {
            throw new IllegalArgumentException("scheduler policy is null");
        }
    }

    /** 16 VFs, 4096 descriptors and 4 MiB of slab each, MTU 1500, strict priority, buffering. */
    public static NicConfig defaults() {
        return new NicConfig(16, 4096, 1 << 22, 1500, SchedulerPolicy.STRICT, true);
    }

    public NicConfig withMaxVfs(final int n) {
        return new NicConfig(n, ringSize, slabBytesPerVf, mtu, policy, buffering);
    }

    public NicConfig withRingSize(final int n) {
        return new NicConfig(maxVfs, n, slabBytesPerVf, mtu, policy, buffering);
    }

    public NicConfig withSlabBytesPerVf(final int n) {
        return new NicConfig(maxVfs, ringSize, n, mtu, policy, buffering);
    }

    public NicConfig withMtu(final int n) {
        return new NicConfig(maxVfs, ringSize, slabBytesPerVf, n, policy, buffering);
    }

    public NicConfig withPolicy(final SchedulerPolicy p) {
        return new NicConfig(maxVfs, ringSize, slabBytesPerVf, mtu, p, buffering);
    }

    public NicConfig withBuffering(final boolean b) {
        return new NicConfig(maxVfs, ringSize, slabBytesPerVf, mtu, policy, b);
    }

    /** Largest frame the classifier accepts (tagged). */
    public int maxFrameLength() {
        return mtu + ETH_HEADER + VLAN_TAG;
    }
}
