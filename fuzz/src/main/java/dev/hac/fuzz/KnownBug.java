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

    /**
     * {@code spec}: {@code ItfReader.read(String, String)} parses with a default {@code ObjectMapper.readTree},
     * which stops after the first JSON value and ignores whatever follows, so a concatenated or damaged file
     * ({@code {"vars":[],"states":[]} garbage}) is accepted as a trace. Input:
     * {@code corpus/itf/known-bugs/trailing-content.itf.json}.
     */
    ITF_TRAILING_CONTENT(FuzzTarget.ITF, "ItfReader accepted a document that is not one JSON value"),

    /**
     * {@code spec}: {@code ItfReader}'s {@code Checker.state} takes {@code mbt::nondetPicks} as any JSON object and
     * never runs {@code value(...)} over its fields, so floats, nulls and reserved {@code #} keys are accepted
     * ({@code "mbt::nondetPicks": {"v": 1.5}}); a non-finite float ({@code 1e999}) even changes on a write/read
     * round trip (it is written back as the string "Infinity"). Input:
     * {@code corpus/itf/known-bugs/nondet-picks-float.itf.json}.
     */
    ITF_NONDET_PICKS_UNCHECKED(FuzzTarget.ITF, "not an ITF value at \\$\\.states\\[\\d+\\]\\.mbt::nondetPicks"),

    /**
     * {@code spec}: {@code ItfReader.read(Path)} reads with {@code Files.readString}, which throws
     * {@code MalformedInputException: Input length = 1} for a file that is not UTF-8: the message names neither
     * the file nor the position. Input: {@code corpus/itf/known-bugs/invalid-utf8.itf.json}.
     */
    ITF_UNNAMED_ENCODING_ERROR(FuzzTarget.ITF, "reading the trace failed with an error that does not name the file"),

    /**
     * {@code conformance}: {@code EventLog.read} parses each line with a default {@code ObjectMapper.readTree},
     * which ignores whatever follows the first JSON value, so a step line with an extra closing brace or any
     * text after its object is accepted. Input: {@code corpus/log/known-bugs/trailing-brace.ndjson}.
     */
    LOG_TRAILING_CONTENT(FuzzTarget.LOG, "EventLog accepted line \\d+, which is not one JSON object"),

    /**
     * {@code conformance}: {@code EventLog.read} reads with {@code Files.newBufferedReader}, whose
     * {@code MalformedInputException: Input length = 1} for a file that is not UTF-8 names neither the file nor
     * the line. Input: {@code corpus/log/known-bugs/invalid-utf8.ndjson}.
     */
    LOG_UNNAMED_ENCODING_ERROR(FuzzTarget.LOG, "reading the log failed with an error that does not name the file");

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
