package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.spec.itf.ItfFormatException;
import dev.hac.spec.itf.ItfState;
import dev.hac.spec.itf.ItfTrace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Traces that carry fewer variables, as a user's trace from another tool may. */
final class ItfProjection {

    private ItfProjection() {
    }

    static ConformanceTrace without(final ConformanceTrace t, final String variable) throws ItfFormatException {
        final List<String> vars = new ArrayList<>(t.itf().vars());
        vars.remove(variable);
        final List<ItfState> states = new ArrayList<>();
        for (final ItfState s : t.itf().states()) {
            final Map<String, JsonNode> values = new LinkedHashMap<>(s.values());
            values.remove(variable);
            states.add(new ItfState(s.index(), s.actionTaken(), s.nondetPicks(), values, s.meta()));
        }
        return ConformanceTrace.of(t.source(), new ItfTrace(t.itf().meta(), t.itf().params(), vars, states, null));
    }
}
