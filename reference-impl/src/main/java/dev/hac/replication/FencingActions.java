package dev.hac.replication;

import java.util.List;

/**
 * The event-log actions of a fenced primary, beside the abstract model's (docs/DESIGN.md §8). Under the model
 * of {@code OutputCommit} they change none of its variables except {@link #HALT}, which empties the NIC as a
 * crash does.
 */
public final class FencingActions {
    /** A claim at the witness ended; args {@code outcome} (won, lost, unreachable, withdrawn) and {@code generation}. */
    public static final String CLAIM = "PrimaryClaimWitness";
    /** No acknowledgement renewed the lease in time: checkpointed-class output is held. */
    public static final String LEASE_EXPIRE = "PrimaryLeaseExpire";
    /** The secondary was heard again while a claim ran. */
    public static final String HEAL = "PrimaryHeal";
    /** The secondary won the witness: the NIC's contents are discarded and nothing is sent any more. */
    public static final String HALT = "PrimaryHalt";
    public static final List<String> ALL = List.of(CLAIM, LEASE_EXPIRE, HEAL, HALT);

    private FencingActions() {
    }
}
