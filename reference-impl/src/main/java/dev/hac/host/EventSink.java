package dev.hac.host;

import dev.hac.vocabulary.Action;
import java.util.Map;

/** Told about every abstract action a live host performs, after its effect (for the NDJSON event log). */
@FunctionalInterface
public interface EventSink {
    void action(Action action, Map<String, Object> args);

    EventSink NONE = (action, args) -> { };
}
