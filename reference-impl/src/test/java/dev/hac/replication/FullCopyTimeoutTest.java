package dev.hac.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FullCopyTimeoutTest {

    private static final Duration EPOCH_TIMEOUT = Duration.ofMillis(200);

    @Test
    void aLargeVmsFullCopyMayTakeLongerThanTenEpochTimeouts() {
        // 64 MiB took 5 to 8 s at load 10 to 20; ten epoch timeouts (2 s) aborted it and started it over for ever.
        final long timeout = PrimaryReplicator.fullCopyTimeoutNanos(EPOCH_TIMEOUT, 64L << 20);
        assertThat(TimeUnit.NANOSECONDS.toMillis(timeout)).isGreaterThanOrEqualTo(10_000);
    }

    @Test
    void aSmallVmsFullCopyKeepsCloseToTenEpochTimeouts() {
        final long timeout = PrimaryReplicator.fullCopyTimeoutNanos(EPOCH_TIMEOUT, 1L << 20);
        assertThat(TimeUnit.NANOSECONDS.toMillis(timeout)).isBetween(2_000L, 2_500L);
    }

    @Test
    void theTimeoutGrowsWithTheMemory() {
        assertThat(PrimaryReplicator.fullCopyTimeoutNanos(EPOCH_TIMEOUT, 256L << 20))
                .isGreaterThan(PrimaryReplicator.fullCopyTimeoutNanos(EPOCH_TIMEOUT, 64L << 20));
    }
}
