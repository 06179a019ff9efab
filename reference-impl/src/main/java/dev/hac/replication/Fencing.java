package dev.hac.replication;

import dev.hac.fencing.Witness;
import java.time.Duration;

/**
 * How a pair tells a dead peer from a silent one (docs/DESIGN.md §8). The primary's checkpointed-class output
 * leaves only under a lease: an acknowledgement of a checkpoint started at {@code s} (primary's monotonic
 * clock) renews it to {@code s + lease}. A primary whose peer is silent for the failure timeout claims the
 * witness: won, it runs unprotected; lost, it halts; unreachable, it stays protected and buffers, retrying. A
 * secondary takes over only after it has won the witness and its peer has been silent for
 * {@link #takeoverSilence}: longer than any lease the primary may still hold, even with both clocks drifting
 * and the primary paused between its lease check and a send.
 *
 * @param witness    the third party; null runs the pair without fencing (the naive heartbeat rule: unsafe)
 * @param lease      how long an acknowledgement keeps the primary's output open
 * @param driftPpm   bound on the rate difference of the two hosts' clocks, parts per million
 * @param pauseBound bound on how long a host can stop between checking its lease and a frame leaving
 */
public record Fencing(Witness witness, Duration lease, int driftPpm, Duration pauseBound) {
    public Fencing {
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, got " + lease);
        }
        if (driftPpm < 0 || driftPpm > 100_000) {
            throw new IllegalArgumentException("drift bound " + driftPpm + " ppm: expected 0..100000");
        }
        if (pauseBound == null || pauseBound.isNegative()) {
            throw new IllegalArgumentException("pause bound must be >= 0, got " + pauseBound);
        }
    }

    /** No witness, no lease: today's naive rule, kept to show the split brain it allows. */
    public static Fencing none() {
        return new Fencing(null, Duration.ofMillis(300), 0, Duration.ZERO);
    }

    public static Fencing with(final Witness witness, final Duration lease) {
        return new Fencing(witness, lease, 10_000, Duration.ofMillis(200));
    }

    public boolean enabled() {
        return witness != null;
    }

    /**
     * The silence after which a secondary that won the witness may serve: the primary's lease stretched by a
     * slow primary clock, plus the pause bound, all measured on a possibly fast secondary clock.
     */
    public Duration takeoverSilence() {
        final double rate = 1 + driftPpm / 1e6;
        return Duration.ofNanos((long) ((lease.toNanos() * rate + pauseBound.toNanos()) * rate));
    }
}
