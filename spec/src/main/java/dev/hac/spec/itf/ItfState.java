package dev.hac.spec.itf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One state of an ITF trace: the values of the trace's variables (and, in the first
 * state, its parameters), the step that produced it the way Quint's model-based testing
 * names it ({@code mbt::actionTaken}, {@code mbt::nondetPicks}), and free-form metadata.
 *
 * @param index        position in the trace ({@code #meta.index})
 * @param actionTaken  the action that produced this state ("init" for the first), or null if unknown
 * @param nondetPicks  the action's arguments as a record, or null if unknown
 * @param values       variable (and parameter) name to ITF value, in trace order
 * @param meta         extra {@code #meta} entries besides the index (e.g. TLC's source location), maybe empty
 */
public record ItfState(int index, String actionTaken, ObjectNode nondetPicks, Map<String, JsonNode> values,
                       ObjectNode meta) {

    public ItfState {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(meta, "meta");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of a variable or parameter, or null if the state does not carry it. */
    public JsonNode get(final String name) {
        return values.get(name);
    }
}
