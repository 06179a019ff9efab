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
     * The epoch timer for every VM (checkpoint on output is chosen per VM or by {@code --checkpoint output}: its
     * figures are not yet measured on a quiet machine), and for VMs on output at most one start per millisecond.
     */
    public static CheckpointTriggers defaults() {
        return new CheckpointTriggers(CheckpointTrigger.TIMER, Map.of(), Duration.ofMillis(1));
    }

    public CheckpointTrigger of(final String vm) {
        return perVm.getOrDefault(vm, fallback);
    }
}
