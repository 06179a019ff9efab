package dev.hac.nic;

/**
 * Result codes of {@link NicEngine#submit}: plain {@code int}s so the hot path neither allocates nor throws.
 * {@link #BUFFERED} and {@link #QUEUED} accept the frame; every other code is a drop or refusal, counted under
 * the {@link Reason} of the same code. Only {@link #BUFFERED}, {@link #QUEUED} and {@link #DROPPED} consume the
 * VF's next sequence number (the model's {@code vmSeq}); refusals leave the VM's state as if it never sent.
 */
public final class SubmitStatus {

    /** Held in the VF's open epoch until a commit releases it. */
    public static final int BUFFERED = 1;
    /** Queued for transmission at once (ordinary VF, or checkpointing VF while the engine is not buffering). */
    public static final int QUEUED = 2;
    /** Buffer full under {@link OverflowPolicy#DROP}: the frame is lost, its sequence number consumed. */
    public static final int DROPPED = 3;
    /** Buffer full under {@link OverflowPolicy#BACKPRESSURE} or {@link OverflowPolicy#EARLY_CHECKPOINT}: retry after a commit. */
    public static final int BACKPRESSURE = 4;
    /**
     * The VF's descriptor ring or slab share is full: it holds the VF's buffered frames and its frames queued for the
     * link together, so this can happen below the buffer limits. Nothing changed (no sequence number is used); retry
     * once the VF's queued frames were transmitted or, if it has none, once a commit released buffered ones and they
     * were transmitted. Size rings and slab shares above the limits plus the queue depth the link builds up.
     */
    public static final int RING_FULL = 5;
    /** The VF index is out of range or not configured. */
    public static final int REFUSED_UNKNOWN_VF = 6;
    /** {@code offset}/{@code length} do not lie inside the array (or the array is null). */
    public static final int REFUSED_BAD_BOUNDS = 7;
    /** Shorter than the 60-byte minimum Ethernet frame (without FCS). */
    public static final int REFUSED_RUNT = 8;
    /** Longer than MTU + 14 header bytes (+4 with an 802.1Q tag). */
    public static final int REFUSED_OVERSIZE = 9;
    /** A malformed VLAN tag: an S-tag, stacked tags or the reserved VLAN id 4095. */
    public static final int REFUSED_BAD_TAG = 10;
    /** EtherType 1501..1535 (undefined) or an 802.3 length field larger than the payload. */
    public static final int REFUSED_BAD_ETHERTYPE = 11;
    /** The source MAC is not the VF's MAC (anti-spoofing). */
    public static final int REFUSED_SPOOFED = 12;

    private SubmitStatus() {
    }

    /** True for {@link #BUFFERED} and {@link #QUEUED}. */
    public static boolean accepted(final int status) {
        return status == BUFFERED || status == QUEUED;
    }

    /** True when the submit consumed a sequence number: accepted or {@link #DROPPED}. */
    public static boolean consumedSequence(final int status) {
        return status == BUFFERED || status == QUEUED || status == DROPPED;
    }

    /** The constant's name, for messages. */
    public static String name(final int status) {
        return switch (status) {
            case BUFFERED -> "BUFFERED";
            case QUEUED -> "QUEUED";
            default -> {
                final Reason r = Reason.ofStatus(status);
                yield r == null ? "UNKNOWN(" + status + ")" : r.name();
            }
        };
    }
}
