package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.spec.itf.ItfFormatException;
import dev.hac.spec.itf.ItfState;
import dev.hac.spec.itf.ItfTrace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names qualified by instance, as Quint writes the variables of a module imported into
 * another ({@code MC_default::OutputCommit::wire}), resolved to their last segment. Two
 * names with the same last segment ({@code A::wire} and {@code B::wire}, or {@code A::wire}
 * and {@code wire}) are ambiguous: an error naming both, never a choice.
 */
final class QualifiedNames {

    private static final String SEPARATOR = "::";

    private QualifiedNames() {
    }

    /** The trace with its variables and constants named by their last segment. */
    static ItfTrace resolve(final ItfTrace trace, final String source) throws ItfFormatException {
        final Map<String, String> renamed = new HashMap<>();
        final List<String> vars = names(trace.vars(), "$.vars", source, renamed);
        final List<String> params = names(trace.params(), "$.params", source, renamed);
        if (renamed.isEmpty()) {
            return trace;
        }
        final List<ItfState> states = new ArrayList<>();
        for (final ItfState s : trace.states()) {
            final Map<String, JsonNode> values = new LinkedHashMap<>();
            s.values().forEach((name, value) -> values.put(renamed.getOrDefault(name, name), value));
            states.add(new ItfState(s.index(), s.actionTaken(), s.nondetPicks(), values, s.meta()));
        }
        return new ItfTrace(trace.meta(), params, vars, states, trace.loop());
    }

    private static List<String> names(final List<String> names, final String path, final String source,
                                      final Map<String, String> renamed) throws ItfFormatException {
        final Map<String, Integer> seen = new HashMap<>();
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            final String name = names.get(i);
            final int qualified = name.lastIndexOf(SEPARATOR);
            final String last = qualified < 0 ? name : name.substring(qualified + SEPARATOR.length());
            final Integer other = seen.putIfAbsent(last, i);
            if (other != null) {
                throw new ItfFormatException(source, path, "names that stay distinct by their last "
                        + "segment ('" + last + "' would be both)", '"' + names.get(other) + "\" and \"" + name + '"');
            }
            if (!last.equals(name)) {
                renamed.put(name, last);
            }
            out.add(last);
        }
        return out;
    }
}
