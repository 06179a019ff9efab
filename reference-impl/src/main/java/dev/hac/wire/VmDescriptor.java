package dev.hac.wire;

import java.util.Objects;

/**
 * What the HAC utility knows about one VM before it runs: its id, the MAC of its
 * VF, whether it checkpoints, its memory size in 4 KiB pages, its guest workload
 * and the UDP port its service answers on. Sent in HELLO so the secondary can
 * take the VM over.
 */
public record VmDescriptor(String id, long mac, boolean checkpointing, int memoryPages, String workload, int udpPort) {
    public VmDescriptor {
        Objects.requireNonNull(id);
        Objects.requireNonNull(workload);
        if (id.isEmpty() || id.length() > 64) {
            throw new IllegalArgumentException("VM id must be 1..64 characters: '" + id + "'");
        }
        if ((mac & ~0xFFFF_FFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("MAC is 48 bits: " + Long.toHexString(mac));
        }
        if (memoryPages < 1) {
            throw new IllegalArgumentException("VM " + id + ": memoryPages must be >= 1");
        }
        if (udpPort < 0 || udpPort > 65535) {
            throw new IllegalArgumentException("VM " + id + ": udpPort out of range: " + udpPort);
        }
    }
}
