package dev.hac.host;

/**
 * What starts a checkpointing VM's checkpoints. Both keep the epoch timer as the upper bound between two
 * checkpoints (the secondary never lags more than one interval behind); they differ in what may start one sooner.
 */
public enum CheckpointTrigger {
    /** Only the epoch timer (and the NIC's high-water signal): an answer waits for the rest of its epoch. */
    TIMER,
    /**
     * Also the NIC's output signal: the first frame buffered in an empty open epoch starts a checkpoint at once if
     * none is in flight, or as soon as the one in flight ends (one waiting at most, since every frame buffered
     * meanwhile joins the same open epoch), no sooner than a minimum interval after the previous start.
     */
    OUTPUT;

    /** {@code timer} or {@code output}; null for anything else. */
    public static CheckpointTrigger of(final String text) {
        return switch (text) {
            case "timer" -> TIMER;
            case "output" -> OUTPUT;
            default -> null;
        };
    }
}
