package dev.hac.spec;

/** What kind of formula a checked property is. */
public enum PropertyKind {
    /** A state predicate checked in every reachable state (INVARIANT). */
    INVARIANT,
    /** {@code [][A]_v}: checked on every step (PROPERTY). */
    ACTION,
    /** A liveness or other temporal formula (PROPERTY). */
    TEMPORAL,
    /** TLC's built-in check that every state has a successor. */
    DEADLOCK;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
