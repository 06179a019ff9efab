package dev.hac.spec.itf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A trace in the Informal Trace Format (Apalache ADR-015, also written by Quint).
 * Following the format, {@code params} lists the names of the model's constants and
 * their values are set in the first state; {@code vars} names the variables every state
 * carries; {@code loop}, when present, is the index of the state where a lasso's cycle
 * starts (the cycle ends in the last state and returns to it).
 *
 * @param meta   the trace's {@code #meta} object (source, description, ...)
 * @param params constant names, maybe empty
 * @param vars   variable names
 * @param states the states, {@code states.get(i).index() == i}
 * @param loop   lasso start index, or null for a finite trace
 */
public record ItfTrace(ObjectNode meta, List<String> params, List<String> vars, List<ItfState> states,
                       Integer loop) {

    public ItfTrace {
        Objects.requireNonNull(meta, "meta");
        params = List.copyOf(params);
        vars = List.copyOf(vars);
        states = List.copyOf(states);
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).index() != i) {
                throw new IllegalArgumentException("state " + i + " has index " + states.get(i).index());
            }
        }
        if (loop != null && (loop < 0 || loop >= states.size())) {
            throw new IllegalArgumentException("loop " + loop + " outside the " + states.size() + " states");
        }
    }

    /** True if the trace is a lasso (an infinite behaviour). */
    public boolean isLasso() {
        return loop != null;
    }
}
