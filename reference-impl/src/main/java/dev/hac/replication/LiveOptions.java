package dev.hac.replication;

import dev.hac.host.BufferLimits;
import dev.hac.nic.SchedulerPolicy;
import java.time.Duration;

/**
 * Timing and NIC settings of a live pair.
 *
 * @param epochInterval         time between two checkpoints of a VM (Remus: 25 ms)
 * @param heartbeatInterval     how often each side sends a HEARTBEAT
 * @param failureTimeout        silence after which the peer counts as lost
 * @param checkpointTimeout     an unacknowledged checkpoint is aborted after this
 * @param limits                NIC buffer limits per checkpointing VM
 * @param policy                NIC transmit scheduler policy
 * @param outputBuffering       false only for the {@code --unsafe} demonstration: frames leave before commit
 * @param bulkFramesPerSecond     frames each bulk-sender VM emits per host-loop turn
 * @param triggers              what starts each VM's checkpoints besides the epoch timer
 */
public record LiveOptions(Duration epochInterval, Duration heartbeatInterval, Duration failureTimeout,
                          Duration checkpointTimeout, BufferLimits limits, SchedulerPolicy policy,
                          boolean outputBuffering, int bulkFramesPerSecond, CheckpointTriggers triggers) {

    /** With the default triggers ({@link CheckpointTriggers#defaults()}). */
    public LiveOptions(final Duration epochInterval, final Duration heartbeatInterval, final Duration failureTimeout,
                       final Duration checkpointTimeout, final BufferLimits limits, final SchedulerPolicy policy,
                       final boolean outputBuffering, final int bulkFramesPerSecond) {
        this(epochInterval, heartbeatInterval, failureTimeout, checkpointTimeout, limits, policy, outputBuffering,
                bulkFramesPerSecond, CheckpointTriggers.defaults());
    }

    public LiveOptions {
        if (triggers == null) {
            throw new IllegalArgumentException("checkpoint triggers are required");
        }
        positive(epochInterval, "epoch interval");
        positive(heartbeatInterval, "heartbeat interval");
        positive(failureTimeout, "failure timeout");
        positive(checkpointTimeout, "checkpoint timeout");
        if (failureTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("failure timeout " + failureTimeout.toMillis()
                    + " ms must be at least two heartbeat intervals (" + heartbeatInterval.toMillis() + " ms)");
        }
        if (bulkFramesPerSecond < 0) {
            throw new IllegalArgumentException("bulk frames per turn must be >= 0");
        }
    }

    private static void positive(final Duration d, final String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }

    public static LiveOptions defaults() {
        return new LiveOptions(Duration.ofMillis(25), Duration.ofMillis(10), Duration.ofMillis(300),
                Duration.ofMillis(200), BufferLimits.defaults(), SchedulerPolicy.STRICT, true, 1000);
    }

    public LiveOptions withEpochInterval(final Duration d) {
        return new LiveOptions(d, heartbeatInterval, failureTimeout, checkpointTimeout, limits, policy, outputBuffering, bulkFramesPerSecond, triggers);
    }

    public LiveOptions withOutputBuffering(final boolean b) {
        return new LiveOptions(epochInterval, heartbeatInterval, failureTimeout, checkpointTimeout, limits, policy, b, bulkFramesPerSecond, triggers);
    }

    public LiveOptions withTimeouts(final Duration heartbeat, final Duration failure, final Duration checkpoint) {
        return new LiveOptions(epochInterval, heartbeat, failure, checkpoint, limits, policy, outputBuffering, bulkFramesPerSecond, triggers);
    }

    public LiveOptions withLimits(final BufferLimits l) {
        return new LiveOptions(epochInterval, heartbeatInterval, failureTimeout, checkpointTimeout, l, policy, outputBuffering, bulkFramesPerSecond, triggers);
    }

    public LiveOptions withPolicy(final SchedulerPolicy p) {
        return new LiveOptions(epochInterval, heartbeatInterval, failureTimeout, checkpointTimeout, limits, p, outputBuffering, bulkFramesPerSecond, triggers);
    }

    public LiveOptions withBulkFramesPerSecond(final int n) {
        return new LiveOptions(epochInterval, heartbeatInterval, failureTimeout, checkpointTimeout, limits, policy, outputBuffering, n, triggers);
    }

    public LiveOptions withTriggers(final CheckpointTriggers t) {
        return new LiveOptions(epochInterval, heartbeatInterval, failureTimeout, checkpointTimeout, limits, policy,
                outputBuffering, bulkFramesPerSecond, t);
    }
}
