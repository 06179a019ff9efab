package dev.hac.vocabulary;

import java.util.Arrays;
import java.util.List;

/**
 * What a fenced host logs beside the actions of OutputCommit (docs/DESIGN.md §8), named as in
 * {@code spec/tla/Fencing.tla} where it has the action: {@link #CLAIM} is its {@code PrimaryClaimWitness}
 * (a lost claim is followed by {@link #HALT}, which the spec folds into the claim), {@link #HEAL} its
 * {@code LinkHeal} as the primary notices it (its peer heard again). The spec counts a lease down by clock
 * ticks; {@link #LEASE_EXPIRE} marks where it reaches 0. Under the variables of OutputCommit they change
 * nothing ({@link #stutters()}), except the halt, which empties the NIC as a crash does and ends the log.
 */
public enum FencingEvent {
    /** A claim at the witness ended; args {@code outcome} (won, lost, unreachable, withdrawn) and {@code gen}. */
    CLAIM("PrimaryClaimWitness", List.of("outcome", "gen")),
    /**
     * A secondary's claim at the witness ended (its peer was silent); args {@code outcome} (won, lost, unreachable)
     * and {@code gen}: the generation won, or the register's when lost.
     */
    SECONDARY_CLAIM("SecondaryClaimWitness", List.of("outcome", "gen")),
    /** No acknowledgement renewed the lease in time: checkpointed-class output is held. */
    LEASE_EXPIRE("PrimaryLeaseExpire", List.of()),
    /** The secondary was heard again while a claim ran (the partition healed, or the peer resumed). */
    HEAL("LinkHeal", List.of()),
    /** The secondary won the witness: the NIC's contents are discarded and nothing is sent any more; arg {@code gen}. */
    HALT("PrimaryHalt", List.of("gen")),
    /**
     * A secondary joined this unprotected host: the witness registered {@code gen} for the new pair, the NIC
     * buffers again and every VM's next checkpoint is a full copy (the spec's {@code SecondaryJoin}).
     */
    JOIN("SecondaryJoin", List.of("gen")),
    /** Every full copy of a join is acknowledged: the pair is protected again under {@code gen}. */
    PROTECT("PrimaryProtect", List.of("gen"));

    /** Every event name. */
    public static final List<String> NAMES = Arrays.stream(values()).map(FencingEvent::id).toList();

    private final String id;
    private final List<String> argNames;

    FencingEvent(final String id, final List<String> argNames) {
        this.id = id;
        this.argNames = argNames;
    }

    /** The name in event logs. */
    public String id() {
        return id;
    }

    /** The names of its arguments. */
    public List<String> argNames() {
        return argNames;
    }

    /** True when the event changes none of OutputCommit's variables (all but the halt). */
    public boolean stutters() {
        return this != HALT && this != JOIN && this != SECONDARY_CLAIM;
    }

    /** The event called {@code name}, or null. */
    public static FencingEvent named(final String name) {
        for (final FencingEvent e : values()) {
            if (e.id.equals(name)) {
                return e;
            }
        }
        return null;
    }
}
