package dev.hac.host;

/** A well-formed CHECKPOINT that a replica refuses to apply; the replica is unchanged. */
public final class CheckpointRefused extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The message names another VM. */
        WRONG_VM,
        /** The checkpoint's memory size is not the replica's. */
        SIZE_MISMATCH,
        /** Epoch at or below the last applied one: a duplicate or out-of-order checkpoint. */
        STALE_EPOCH,
        /**
         * The replica holds nothing yet and the checkpoint lacks pages: applied onto empty memory it would leave
         * the missing pages zero, and a takeover would restore a VM that never existed.
         */
        NOT_A_FULL_COPY,
        /** The header says vmSeq n, the guest memory it would produce says otherwise. */
        HEADER_MISMATCH
    }

    private final Reason reason;

    public CheckpointRefused(final Reason reason, final String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
