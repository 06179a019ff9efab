package dev.hac.nic;

/**
 * Why a frame did not go the normal way: every drop, refusal and discard is counted under one of these (R9).
 * The first ones correspond one to one with the non-accepting {@link SubmitStatus} codes.
 */
public enum Reason {
    DROPPED(SubmitStatus.DROPPED),
    BACKPRESSURE(SubmitStatus.BACKPRESSURE),
    RING_FULL(SubmitStatus.RING_FULL),
    UNKNOWN_VF(SubmitStatus.REFUSED_UNKNOWN_VF),
    BAD_BOUNDS(SubmitStatus.REFUSED_BAD_BOUNDS),
    RUNT(SubmitStatus.REFUSED_RUNT),
    OVERSIZE(SubmitStatus.REFUSED_OVERSIZE),
    BAD_TAG(SubmitStatus.REFUSED_BAD_TAG),
    BAD_ETHERTYPE(SubmitStatus.REFUSED_BAD_ETHERTYPE),
    SPOOFED(SubmitStatus.REFUSED_SPOOFED),
    /** Buffered or queued frames thrown away by {@link NicEngine#discardAll()} (primary crash). Not a submit status. */
    DISCARDED(0);

    private static final Reason[] BY_STATUS = new Reason[SubmitStatus.REFUSED_SPOOFED + 1];

    static {
        for (final Reason r : values()) {
            if (r.status != 0) {
                BY_STATUS[r.status] = r;
            }
        }
    }

    private final int status;

    Reason(final int status) {
        this.status = status;
    }

    /** The {@link SubmitStatus} code with this reason, or 0 for {@link #DISCARDED}. */
    public int status() {
        return status;
    }

    /** The reason of a non-accepting submit status, or null for accepted or unknown codes. */
    public static Reason ofStatus(final int status) {
        return status > 0 && status < BY_STATUS.length ? BY_STATUS[status] : null;
    }
}
