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

    EventSink NONE = (action, args) -> { };
}
