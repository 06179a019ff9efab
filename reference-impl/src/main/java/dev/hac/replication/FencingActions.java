package dev.hac.replication;

import java.util.List;

/**
 * The event-log actions of a fenced primary, beside the abstract model's (docs/DESIGN.md §8), named as in
 * {@code spec/tla/Fencing.tla} where it has the action: {@link #CLAIM} is its {@code PrimaryClaimWitness} (a
 * lost claim is followed by {@link #HALT}, which the spec folds into the claim), {@link #HEAL} its
 * {@code LinkHeal} as the primary notices it (its peer heard again). The spec counts a lease down by clock
 * ticks; {@link #LEASE_EXPIRE} marks where it reaches 0. Under the model of {@code OutputCommit} they change
 * none of its variables except {@link #HALT}, which empties the NIC as a crash does.
 */
public final class FencingActions {
    /** A claim at the witness ended; args {@code outcome} (won, lost, unreachable, withdrawn) and {@code gen}. */
    public static final String CLAIM = "PrimaryClaimWitness";
    /** No acknowledgement renewed the lease in time: checkpointed-class output is held. */
    public static final String LEASE_EXPIRE = "PrimaryLeaseExpire";
    /** The secondary was heard again while a claim ran (the partition healed, or the peer resumed). */
    public static final String HEAL = "LinkHeal";
    /** The secondary won the witness: the NIC's contents are discarded and nothing is sent any more; arg {@code gen}. */
    public static final String HALT = "PrimaryHalt";
    public static final List<String> ALL = List.of(CLAIM, LEASE_EXPIRE, HEAL, HALT);

    private FencingActions() {
    }
}
