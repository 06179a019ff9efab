package dev.hac.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PeerSilenceTest {
    private static final long MS = 1_000_000;
    private final PeerSilence silence = new PeerSilence(75 * MS);

    /** Looks every 2 ms from {@code from} to {@code to}; returns the last answer. */
    private long watch(final long from, final long to, final long heardAt) {
        long s = 0;
        for (long t = from; t <= to; t += 2 * MS) {
            s = silence.silentNanos(t, heardAt);
        }
        return s;
    }

    @Test
    void aWatchedSilenceIsTheTimeSinceThePeerWasHeard() {
        assertThat(watch(1000 * MS, 1400 * MS, 1000 * MS)).isEqualTo(400 * MS);
        assertThat(silence.stalls()).isZero();
    }

    @Test
    void ownStallBeyondTheToleranceIsNotThePeersSilence() {
        watch(1000 * MS, 1010 * MS, 1000 * MS);
        // this process stands still for 2.7 s (a GC pause): the peer was not watched
        assertThat(silence.silentNanos(3710 * MS, 1000 * MS)).isEqualTo((10 + 75) * MS);
        assertThat(silence.stalls()).isOne();
        // watched again, the peer's silence grows from there
        assertThat(watch(3712 * MS, 4010 * MS, 1000 * MS)).isEqualTo((10 + 75 + 300) * MS);
    }

    @Test
    void hearingThePeerAfterAStallStartsItsSilenceAfresh() {
        watch(1000 * MS, 1010 * MS, 1000 * MS);
        silence.silentNanos(3710 * MS, 1000 * MS);
        assertThat(silence.silentNanos(3712 * MS, 3711 * MS)).isEqualTo(MS);
        assertThat(watch(3714 * MS, 4010 * MS, 3711 * MS)).isEqualTo(299 * MS);
    }

    @Test
    void aStallEndingJustAfterThePeerWasHeardCountsOnlyFromThen() {
        watch(1000 * MS, 1010 * MS, 1000 * MS);
        // the reader heard the peer 10 ms before the detector's stall ended: only 10 ms unwatched, within tolerance
        assertThat(silence.silentNanos(2000 * MS, 1990 * MS)).isEqualTo(10 * MS);
        assertThat(silence.stalls()).isZero();
    }

    @Test
    void aHostStarvedForGoodStillDetectsADeadPeer() {
        // every look comes 150 ms after the last: half of each gap counts, so 300 ms of silence take 600 ms
        long s = 0;
        for (long t = 1000 * MS; t <= 1600 * MS; t += 150 * MS) {
            s = silence.silentNanos(t, 1000 * MS);
        }
        assertThat(s).isEqualTo(300 * MS);
    }

    @Test
    void theToleranceMustBePositive() {
        assertThatThrownBy(() -> new PeerSilence(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
