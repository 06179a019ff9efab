package dev.hac.fuzz;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Open findings in other modules, each still reproduced by an input under {@code corpus/<target>/known-bugs/}.
 * The build's fuzz tests report a failure that matches one as known instead of failing, so that a bug this
 * module cannot fix does not turn the build red; {@code hac fuzz} still counts and saves it. Whoever fixes one
 * deletes its constant and moves its input from {@code known-bugs/} into the target's corpus as a regression seed.
 */
public enum KnownBug {
    ; // None open. The five the first campaigns found (ITF and NDJSON readers accepting trailing content,
    // unchecked mbt::nondetPicks, encoding errors that named no file) are fixed; their inputs are regression-*
    // seeds of the itf and log corpora.

    private final FuzzTarget target;
    private final Pattern signature;

    /** {@code signature}: a regular expression found in the failure's text. */
    KnownBug(final FuzzTarget target, final String signature) {
        this.target = target;
        this.signature = Pattern.compile(signature);
    }

    /** The known bug a failure of {@code target} (its stack trace text) shows, or null for a new failure. */
    public static KnownBug of(final FuzzTarget target, final String failure) {
        for (final KnownBug b : values()) {
            if (b.target == target && b.signature.matcher(failure).find()) {
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
