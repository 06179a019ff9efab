package dev.hac.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.spec.itf.ItfState;
import dev.hac.spec.itf.ItfTrace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one model check found.
 *
 * @param model           the model's name
 * @param outcome         how the run ended
 * @param property        the violated invariant or property (exactly one), or null
 * @param propertyKind    its kind, or null
 * @param message         TLC's message for a violation or error, readable text
 * @param errorLocation   for {@link Outcome#ERROR}: the file and line TLC blamed, or null
 * @param counterexample  for a violation: the behaviour, else null
 * @param parameters      the model's constants as ITF values (those with literal values)
 * @param properties      per-property summary rows in config order
 * @param statesGenerated states TLC generated
 * @param distinctStates  distinct states TLC found
 * @param depth           depth of the state graph search (-1 if TLC did not report it)
 * @param duration        wall time of the check, attribution runs included
 */
public record CheckResult(String model, Outcome outcome, String property, PropertyKind propertyKind, String message,
                          SourceLocation errorLocation, Counterexample counterexample,
                          Map<String, JsonNode> parameters, List<PropertyResult> properties,
                          long statesGenerated, long distinctStates, int depth, Duration duration) {

    private static final String ITF_FORMAT = "https://apalache-mc.org/docs/adr/015adr-trace.html";

    public CheckResult {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        properties = List.copyOf(properties);
    }

    /**
     * The counterexample as an ITF trace: constants in {@code params} with their values in
     * the first state, each later state naming the action that produced it and TLC's
     * source location in {@code #meta}; a lasso sets {@code loop}.
     *
     * @throws IllegalStateException if there is no counterexample
     */
    public ItfTrace toItf() {
        if (counterexample == null) {
            throw new IllegalStateException("model " + model + " has no counterexample (" + outcome + ")");
        }
        final JsonNodeFactory json = JsonNodeFactory.instance;
        final ObjectNode meta = json.objectNode()
                .put("format", "ITF")
                .put("format-description", ITF_FORMAT)
                .put("source", model + ".cfg")
                .put("description", "TLC counterexample: " + outcome + (property == null ? "" : " " + property));
        if (counterexample.loopAction() != null) {
            meta.put("loopAction", counterexample.loopAction());
        }
        final List<TraceState> tlcStates = counterexample.states();
        final List<String> vars = tlcStates.isEmpty() ? List.of() : new ArrayList<>(tlcStates.get(0).variables().keySet());
        final List<ItfState> states = new ArrayList<>();
        for (int i = 0; i < tlcStates.size(); i++) {
            final TraceState s = tlcStates.get(i);
            final Map<String, JsonNode> values = new LinkedHashMap<>();
            if (i == 0) {
                values.putAll(parameters);
            }
            values.putAll(s.variables());
            final ObjectNode stateMeta = json.objectNode();
            if (!s.location().isEmpty()) {
                stateMeta.put("location", s.location());
            }
            states.add(new ItfState(i, s.isInitial() ? "init" : s.action(), null, values, stateMeta));
        }
        return new ItfTrace(meta, new ArrayList<>(parameters.keySet()), vars, states, counterexample.loopIndex());
    }
}
