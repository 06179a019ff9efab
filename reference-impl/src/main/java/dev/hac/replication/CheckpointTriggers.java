package dev.hac.replication;

import dev.hac.host.CheckpointTrigger;
import java.time.Duration;
import java.util.Map;

/**
 * The checkpoint trigger of each VM: {@code perVm} overrides {@code fallback}; {@code minInterval} is the least
 * time between two starts of one VM's checkpoints on output (it bounds the checkpoint rate a chatty VM can cause).
 */
public record CheckpointTriggers(CheckpointTrigger fallback, Map<String, CheckpointTrigger> perVm, Duration minInterval) {
    public CheckpointTriggers {
        if (fallback == null) {
            throw new IllegalArgumentException("a default checkpoint trigger is required");
        }
        perVm = Map.copyOf(perVm);
        if (minInterval == null || minInterval.isNegative()) {
            throw new IllegalArgumentException("minimum checkpoint interval must be >= 0, got " + minInterval);
        }
    }

    /**
     * Checkpoint on output for every VM, at most one start per millisecond, the epoch timer as the upper bound: a
     * client's answer then waits for one commit instead of the rest of an epoch (0.26 ms against 25.5 ms added at
     * the median in {@code hac bench latency}), for less CPU per second.
     */
    public static CheckpointTriggers defaults() {
        return new CheckpointTriggers(CheckpointTrigger.OUTPUT, Map.of(), Duration.ofMillis(1));
    }

    public CheckpointTrigger of(final String vm) {
        return perVm.getOrDefault(vm, fallback);
    }
}
