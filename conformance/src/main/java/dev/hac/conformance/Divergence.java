package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.vocabulary.ItfValues;
import java.util.List;

/**
 * Where an implementation first left a trace.
 *
 * @param trace   the trace's file
 * @param step    the step that went wrong (1 = the first action; 0 = right after reset)
 * @param action  the step's action ("reset" for step 0)
 * @param picks   its arguments
 * @param kind    what went wrong
 * @param message a sentence for humans
 * @param diffs   for {@link Kind#STATE}: each variable that differs
 */
public record Divergence(String trace, int step, String action, ObjectNode picks, Kind kind, String message,
                         List<VariableDiff> diffs) {

    /** The ways an implementation can leave a trace. */
    public enum Kind {
        /** Observed variables differ from the trace's. */
        STATE,
        /** The implementation refused an action the spec allows here. */
        REFUSED,
        /** The adapter threw. */
        THREW
    }

    /** One variable that differs: values as TLA+ text and as ITF. */
    public record VariableDiff(String variable, JsonNode expected, JsonNode observed) {
    }

    public Divergence {
        diffs = List.copyOf(diffs);
    }

    /** Several lines: where, then one line per differing variable. */
    public String describe() {
        final StringBuilder out = new StringBuilder();
        out.append(trace).append(": step ").append(step).append(' ').append(action);
        out.append(ItfValues.showArgs(picks));
        out.append(": ").append(message);
        for (final VariableDiff d : diffs) {
            out.append("\n  ").append(d.variable()).append("\n    expected: ").append(ItfValues.show(d.expected()))
                    .append("\n    observed: ").append(ItfValues.show(d.observed()));
        }
        return out.toString();
    }

    /** As JSON for the report. */
    public ObjectNode toJson() {
        final ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("trace", trace);
        o.put("step", step);
        o.put("action", action);
        o.set("args", picks);
        o.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
        o.put("message", message);
        final ObjectNode vars = o.putObject("variables");
        for (final VariableDiff d : diffs) {
            final ObjectNode v = vars.putObject(d.variable());
            v.set("expected", d.expected());
            v.set("observed", d.observed());
            v.put("expectedTla", ItfValues.show(d.expected()));
            v.put("observedTla", ItfValues.show(d.observed()));
        }
        return o;
    }
}
