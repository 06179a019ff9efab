package dev.hac.spec;

/** Receives what a TLC run reports while it runs. All methods are optional. */
public interface CheckListener {

    /** A listener that ignores everything. */
    CheckListener NONE = new CheckListener() { };

    /** TLC parsed the spec and starts exploring {@code model}. */
    default void started(final String model) {
    }

    /** TLC reported (or the poller read) progress. */
    default void progress(final Progress progress) {
    }

    /** A side run started, e.g. to find which of several temporal properties failed. */
    default void note(final String message) {
    }

    /** The run ended. */
    default void finished(final CheckResult result) {
    }
}
