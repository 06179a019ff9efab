package dev.hac.fuzz;

import java.util.List;

/**
 * Open findings in other modules, each still reproduced by an input under {@code corpus/<target>/known-bugs/}.
 * The build's fuzz tests report a failure that matches one as known instead of failing, so that a bug this
 * module cannot fix does not turn the build red; {@code hac fuzz} still counts and saves it. Whoever fixes one
 * deletes its constant and moves its input from {@code known-bugs/} into the target's corpus as a regression seed.
 */
public enum KnownBug {

    /**
     * {@code spec}: {@code ItfReader.read(String, String)} parses with a default {@code ObjectMapper.readTree},
     * which stops after the first JSON value and ignores whatever follows, so a concatenated or damaged file
     * ({@code {"vars":[],"states":[]} garbage}) is accepted as a trace. Input:
     * {@code corpus/itf/known-bugs/trailing-content.itf.json}.
     */
    ITF_TRAILING_CONTENT(FuzzTarget.ITF, "ItfReader accepted a document that is not one JSON value");

    private final FuzzTarget target;
    private final String signature;

    KnownBug(final FuzzTarget target, final String signature) {
        this.target = target;
        this.signature = signature;
    }

    /** The known bug a failure of {@code target} (its stack trace text) shows, or null for a new failure. */
    public static KnownBug of(final FuzzTarget target, final String failure) {
        for (final KnownBug b : values()) {
            if (b.target == target && failure.contains(b.signature)) {
                return b;
            }
        }
        return null;
    }

    /** The failures of {@code target} that match no known bug. */
    public static List<String> unknown(final FuzzTarget target, final List<String> failures) {
        return failures.stream().filter(f -> of(target, f) == null).toList();
    }
}
