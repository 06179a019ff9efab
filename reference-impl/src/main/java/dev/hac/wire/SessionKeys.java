package dev.hac.wire;

/**
 * The two AES-256 keys of one connection, one per direction, derived by {@link SharedKey#sessionKeys} from the
 * pre-shared key and both peers' fresh handshake nonces. A key never outlives its connection, so the
 * per-connection message numbering that makes up the GCM nonces ({@link WireFormat}) never meets an earlier use.
 */
public final class SessionKeys {
    private final byte[] primaryToSecondary;
    private final byte[] secondaryToPrimary;

    SessionKeys(final byte[] primaryToSecondary, final byte[] secondaryToPrimary) {
        this.primaryToSecondary = primaryToSecondary.clone();
        this.secondaryToPrimary = secondaryToPrimary.clone();
    }

    /** The key of what {@code sender} sends. */
    byte[] key(final Message.Role sender) {
        return sender == Message.Role.PRIMARY ? primaryToSecondary : secondaryToPrimary;
    }
}
