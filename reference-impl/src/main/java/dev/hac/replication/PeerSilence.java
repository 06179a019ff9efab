package dev.hac.replication;

/**
 * A peer's silence as a failure detector that looks every few milliseconds judges it: the time since the peer was
 * last heard, less this process's own stalls beyond a tolerance. While this process stood still (a GC pause, a
 * SIGSTOP, a CPU taken by other work) it did not watch the peer: what the peer sent meanwhile may sit unread in
 * the socket, and when both ends share one JVM (the benches) a GC pause stops the peer as well. Without this, a
 * secondary whose own young collection of its 64 MiB replica took 300 ms on a loaded machine took over from a
 * healthy primary ({@code hac bench replication} did, 1 run in 2). Only the part of a stall beyond the tolerance
 * is discounted, so a host starved for good still detects a dead peer, later by at most its stall-to-tolerance
 * ratio. One thread only (the detector's).
 */
final class PeerSilence {
    private final long toleranceNanos;
    private boolean looked;
    private long lastLook;
    private long heard;
    private long discounted;
    private long stalls;

    /** @param toleranceNanos a gap between two looks up to this long is the detector's normal jitter */
    PeerSilence(final long toleranceNanos) {
        if (toleranceNanos <= 0) {
            throw new IllegalArgumentException("tolerance must be positive, got " + toleranceNanos + " ns");
        }
        this.toleranceNanos = toleranceNanos;
    }

    /**
     * One look at {@code now}: the peer was last heard at {@code heardAt} (both {@link System#nanoTime}).
     *
     * @return how long the peer has been silent while this process watched
     */
    long silentNanos(final long now, final long heardAt) {
        if (!looked || heardAt != heard) {
            heard = heardAt;
            discounted = 0; // a stall before the peer was last heard no longer matters
        }
        if (looked && now - lastLook > toleranceNanos) {
            final long unwatched = now - Math.max(lastLook, heard); // the part of the stall after the peer was heard
            if (unwatched > toleranceNanos) {
                discounted += unwatched - toleranceNanos;
                stalls++;
            }
        }
        looked = true;
        lastLook = now;
        return Math.max(0, now - heard - discounted);
    }

    /** Stalls of this process that were not counted as the peer's silence. */
    long stalls() {
        return stalls;
    }
}
