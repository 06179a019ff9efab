package dev.hac.spec;

/** How a TLC run ended. */
public enum Outcome {
    /** Every invariant and property holds on the whole state space. */
    PASS,
    /** An invariant (state predicate) fails in a reachable state. */
    INVARIANT_VIOLATED,
    /** A temporal or action property fails on some behaviour. */
    PROPERTY_VIOLATED,
    /** A reachable state has no successor. */
    DEADLOCK,
    /** TLC could not check: parse error, bad config, evaluation error, crash. */
    ERROR;

    /** True if TLC found a behaviour that breaks the model (not an error). */
    public boolean isViolation() {
        return this == INVARIANT_VIOLATED || this == PROPERTY_VIOLATED || this == DEADLOCK;
    }
}
