package dev.hac.nic;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of all counters (R9). Built on request, so it allocates; never on the hot path.
 *
 * @param vfs          one entry per configured VF, by VF index
 * @param high         the high (released/checkpointing) class
 * @param normal       the ordinary class
 * @param unattributed refusals that belong to no configured VF ({@link Reason#UNKNOWN_VF})
 */
public record NicCounters(List<VfCounters> vfs, ClassCounters high, ClassCounters normal,
                          Map<Reason, Long> unattributed) {

    public NicCounters {
        vfs = List.copyOf(vfs);
        unattributed = Map.copyOf(unattributed);
    }

    /** The counters of a VF, or null when it is not configured. */
    public VfCounters vf(final int vf) {
        for (final VfCounters c : vfs) {
            if (c.vf() == vf) {
                return c;
            }
        }
        return null;
    }

    /** Sum of one reason over all VFs plus the unattributed ones. */
    public long total(final Reason reason) {
        long n = unattributed.getOrDefault(reason, 0L);
        for (final VfCounters c : vfs) {
            n += c.count(reason);
        }
        return n;
    }
}
