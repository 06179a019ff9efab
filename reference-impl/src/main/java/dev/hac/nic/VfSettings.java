package dev.hac.nic;

/** Per-VF configuration of the engine, as flat arrays the hot path reads by VF index. */
final class VfSettings {

    final int maxVfs;
    final boolean[] configured;
    final boolean[] checkpointing;
    final long[] mac;
    final int[] maxFrames;
    final long[] maxBytes;
    final OverflowPolicy[] overflow;
    final int[] highWaterFrames;
    final long[] highWaterBytes;

    VfSettings(final int maxVfs) {
        this.maxVfs = maxVfs;
        this.configured = new boolean[maxVfs];
        this.checkpointing = new boolean[maxVfs];
        this.mac = new long[maxVfs];
        this.maxFrames = new int[maxVfs];
        this.maxBytes = new long[maxVfs];
        this.overflow = new OverflowPolicy[maxVfs];
        this.highWaterFrames = new int[maxVfs];
        this.highWaterBytes = new long[maxVfs];
    }

    boolean isConfigured(final int vf) {
        return vf >= 0 && vf < maxVfs && configured[vf];
    }

    boolean isCheckpointing(final int vf) {
        return isConfigured(vf) && checkpointing[vf];
    }

    /** Why {@code c} (for an existing, idle VF) cannot be applied with these resources, or null when it can. */
    ConfigResult refusal(final VfConfig c, final int ringSize, final int slabPerVf) {
        for (int other = 0; other < maxVfs; other++) {
            if (other != c.vf() && configured[other] && mac[other] == c.mac()) {
                return ConfigResult.REFUSED_DUPLICATE_MAC;
            }
        }
        if (c.maxFrames() > ringSize || c.maxBytes() > slabPerVf) {
            return ConfigResult.REFUSED_LIMITS_EXCEED_RESOURCES;
        }
        return null;
    }

    void apply(final VfConfig c) {
        final int vf = c.vf();
        configured[vf] = true;
        checkpointing[vf] = c.checkpointing();
        mac[vf] = c.mac();
        maxFrames[vf] = c.maxFrames();
        maxBytes[vf] = c.maxBytes();
        overflow[vf] = c.overflow();
        highWaterFrames[vf] = c.highWaterFrames();
        highWaterBytes[vf] = c.highWaterBytes();
    }

    int countCheckpointing() {
        int n = 0;
        for (int vf = 0; vf < maxVfs; vf++) {
            if (isCheckpointing(vf)) {
                n++;
            }
        }
        return n;
    }
}
