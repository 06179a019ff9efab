package dev.hac.wire;

/** The four replication messages and their type codes on the wire. */
public enum MessageType {
    HELLO(1), CHECKPOINT(2), ACK(3), HEARTBEAT(4);

    public final int code;

    MessageType(final int code) {
        this.code = code;
    }

    /** The type with this code, or null. */
    static MessageType of(final int code) {
        for (final MessageType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
