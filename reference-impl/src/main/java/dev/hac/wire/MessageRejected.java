package dev.hac.wire;

/** A message the decoder refused, with the reason and what exactly was wrong. */
public final class MessageRejected extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public MessageRejected(final RejectReason reason, final String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
