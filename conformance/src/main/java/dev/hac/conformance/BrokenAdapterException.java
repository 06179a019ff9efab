package dev.hac.conformance;

import java.util.List;

/**
 * The adapter could no longer drive the implementation: a child process that exited, broke
 * the protocol, did not answer in time or replied with an error. This is not a divergence
 * (nothing was learnt about the implementation's behaviour) but bad input: replay stops and
 * the run ends with exit code 2. {@link Replayer} adds where it happened.
 */
public final class BrokenAdapterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final transient List<String> stderrTail;
    private final String where;

    /**
     * @param reason     what went wrong, as a sentence
     * @param stderrTail the child's last lines on stderr, oldest first
     */
    public BrokenAdapterException(final String reason, final List<String> stderrTail) {
        this(reason, stderrTail, null);
    }

    private BrokenAdapterException(final String reason, final List<String> stderrTail, final String where) {
        super(message(reason, stderrTail, where));
        this.reason = reason;
        this.stderrTail = List.copyOf(stderrTail);
        this.where = where;
    }

    /** The same failure, located: {@code where} is e.g. "trace.json: step 3 VmEmit(v = "c1")". */
    BrokenAdapterException at(final String location) {
        final BrokenAdapterException located = new BrokenAdapterException(reason, stderrTail, location);
        located.setStackTrace(getStackTrace());
        return located;
    }

    public String reason() {
        return reason;
    }

    public List<String> stderrTail() {
        return stderrTail;
    }

    /** Trace and step, or null when it happened outside a replay. */
    public String where() {
        return where;
    }

    private static String message(final String reason, final List<String> tail, final String where) {
        final StringBuilder out = new StringBuilder();
        if (where != null) {
            out.append(where).append(": ");
        }
        out.append(reason);
        if (tail.isEmpty()) {
            out.append("\n  (nothing on the child's stderr)");
        } else {
            out.append("\n  the child's last ").append(tail.size() == 1 ? "line" : tail.size() + " lines")
                    .append(" on stderr:");
            tail.forEach(l -> out.append("\n    | ").append(l));
        }
        return out.toString();
    }
}
