package dev.hac.host;

import java.util.Map;

/** Told about every abstract action a live host performs, after its effect (for the NDJSON event log). */
@FunctionalInterface
public interface EventSink {
    void action(String name, Map<String, Object> args);

    EventSink NONE = (name, args) -> { };
}
