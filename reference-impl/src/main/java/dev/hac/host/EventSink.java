package dev.hac.host;

import dev.hac.vocabulary.Action;
import dev.hac.vocabulary.FencingEvent;
import java.util.Map;

/** Told about every abstract action a live host performs, after its effect (for the NDJSON event log). */
@FunctionalInterface
public interface EventSink {
    void action(Action action, Map<String, Object> args);

    /** A fenced primary's claim, lease expiry, heal or halt, after its effect. */
    default void fencing(final FencingEvent event, final Map<String, Object> args) {
    }

    /**
     * Makes what was logged so far survive the process (a SIGKILL may follow). Called before a message that
     * depends on a logged step leaves the host, so that the peer never logs an effect whose cause is lost.
     */
    default void flush() {
    }

    EventSink NONE = (action, args) -> { };
}
