package dev.hac.nic;

/**
 * How the transmit scheduler chooses between the two classes (docs/DESIGN.md R6).
 *
 * @param kind {@link Kind#STRICT} or {@link Kind#BOUNDED_BYPASS}
 * @param k    for bounded bypass: after {@code k} consecutive high-class frames sent while an ordinary
 *             frame waited, one ordinary frame goes out; 0 for strict
 */
public record SchedulerPolicy(Kind kind, int k) {

    /** The two policies of the model: {@code "strict"} and {@code "bypass"}. */
    public enum Kind { STRICT, BOUNDED_BYPASS }

    /** The patent's rule: released frames always go before ordinary frames. */
    public static final SchedulerPolicy STRICT = new SchedulerPolicy(Kind.STRICT, 0);

    public SchedulerPolicy {
        if (kind == null) {
            throw new IllegalArgumentException("scheduler policy kind is null");
        }
        if (kind == Kind.STRICT && k != 0) {
            throw new IllegalArgumentException("STRICT takes no k (got " + k + ")");
        }
        if (kind == Kind.BOUNDED_BYPASS && k < 1) {
            throw new IllegalArgumentException("BOUNDED_BYPASS needs k >= 1 (got " + k + ")");
        }
    }

    /** Bounded bypass: at most {@code k} high-class frames in a row while an ordinary frame waits. */
    public static SchedulerPolicy boundedBypass(final int k) {
        return new SchedulerPolicy(Kind.BOUNDED_BYPASS, k);
    }

    /** Parses {@code STRICT} or {@code BOUNDED_BYPASS(k)} / {@code bypass(k)} (case-insensitive). */
    public static SchedulerPolicy parse(final String text) {
        final String t = text.trim().toUpperCase(java.util.Locale.ROOT);
        if (t.equals("STRICT")) {
            return STRICT;
        }
        final int open = t.indexOf('(');
        if (open > 0 && t.endsWith(")")) {
            final String name = t.substring(0, open);
            if (name.equals("BOUNDED_BYPASS") || name.equals("BYPASS")) {
                try {
                    return boundedBypass(Integer.parseInt(t.substring(open + 1, t.length() - 1).trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad k in scheduler policy '" + text + "'", e);
                }
            }
        }
        throw new IllegalArgumentException("unknown scheduler policy '" + text + "' (STRICT or BOUNDED_BYPASS(k))");
    }

    @Override
    public String toString() {
        return kind == Kind.STRICT ? "STRICT" : "BOUNDED_BYPASS(" + k + ")";
    }
}
