package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.vocabulary.Action;
import dev.hac.vocabulary.ItfValues;
import dev.hac.vocabulary.Variable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a replay exercised: traces, steps and steps per action, and against the model's
 * state graph (when there is one) the distinct states reached and edges taken. Only
 * steps the implementation reproduced count: a state or edge is covered when the
 * implementation was observed in it or took it.
 */
public final class Coverage {

    private final StateGraph graph;
    private final Set<Long> states = new HashSet<>();
    private final boolean[] edges;
    private final Map<String, Long> stepsByAction = new LinkedHashMap<>();
    private final SortedSet<String> unchecked = new TreeSet<>();
    private long traces;
    private long otherConstants;
    private long steps;
    private long traceSteps;
    private long deepest;
    private long nanos;
    private long startedAt;

    Coverage(final StateGraph graph) {
        this.graph = graph;
        this.edges = new boolean[graph == null ? 0 : graph.edges().size()];
        Action.NAMES.forEach(a -> stepsByAction.put(a, 0L));
    }

    void start() {
        startedAt = System.nanoTime();
    }

    void stop() {
        final long now = System.nanoTime();
        nanos += now - startedAt;
        startedAt = now;
    }

    /** A trace under {@code constants} starts. */
    void trace(final ModelConstants constants) {
        traces++;
        traceSteps = 0;
        if (graph != null && !constants.sameContract(graph.constants())) {
            otherConstants++;
        }
    }

    /**
     * Traces whose constants are not the model's: their states are not the graph's, so they
     * cover none of its edges however well the implementation follows them.
     */
    public long tracesWithOtherConstants() {
        return otherConstants;
    }

    /** The trace has {@code variable} but the implementation did not observe it: not compared. */
    void unchecked(final String variable) {
        unchecked.add(variable);
    }

    /** Variables a trace carried that the implementation left out of some observation: not compared there. */
    public SortedSet<String> unchecked() {
        return Collections.unmodifiableSortedSet(unchecked);
    }

    /** The implementation reached {@code variables} by {@code action} (null: reset) from {@code from}. */
    StateGraph.Node visit(final StateGraph.Node from, final Map<String, JsonNode> variables, final String action) {
        if (action != null) {
            steps++;
            deepest = Math.max(deepest, ++traceSteps);
            stepsByAction.merge(action, 1L, Long::sum);
        }
        if (graph == null || !variables.keySet().containsAll(Variable.NAMES)) {
            return null;
        }
        final StateGraph.Node node = graph.lookup(variables);
        if (node == null) {
            return null;
        }
        states.add(node.fingerprint());
        if (from != null) {
            graph.edges(from, node, action).forEach(e -> edges[e.index()] = true);
        }
        return node;
    }

    public boolean hasGraph() {
        return graph != null;
    }

    public long traces() {
        return traces;
    }

    public long steps() {
        return steps;
    }

    /** Steps reproduced in the longest trace. */
    public long maxDepth() {
        return deepest;
    }

    /** Steps reproduced per trace. */
    public double meanDepth() {
        return traces == 0 ? 0 : (double) steps / traces;
    }

    public int statesCovered() {
        return states.size();
    }

    public int statesTotal() {
        return graph == null ? 0 : graph.nodes().size();
    }

    public int edgesCovered() {
        int n = 0;
        for (final boolean e : edges) {
            n += e ? 1 : 0;
        }
        return n;
    }

    public int edgesTotal() {
        return edges.length;
    }

    /** Replay wall time so far (excluding TLC and trace generation). */
    public double seconds() {
        return nanos / 1e9;
    }

    public double stepsPerSecond() {
        return nanos == 0 ? 0 : steps / seconds();
    }

    /** Per action: steps replayed, and (with a graph) edges of that action covered and in total. */
    public Map<String, long[]> byAction() {
        final Map<String, long[]> out = new LinkedHashMap<>();
        stepsByAction.forEach((a, n) -> out.put(a, new long[] {n, 0, 0}));
        if (graph != null) {
            for (final StateGraph.Edge e : graph.edges()) {
                final long[] row = out.computeIfAbsent(e.action(), k -> new long[3]);
                row[2]++;
                row[1] += edges[e.index()] ? 1 : 0;
            }
        }
        return out;
    }

    /** The summary table for the terminal. */
    public String table() {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-28s %10s %22s%n", "action", "steps", graph == null ? "" : "edges covered"));
        byAction().forEach((a, row) -> out.append(String.format(Locale.ROOT, "%-28s %10d %22s%n", a, row[0],
                graph == null ? "" : ratio(row[1], row[2]))));
        out.append(String.format(Locale.ROOT, "%-28s %10d %22s%n", "total", steps,
                graph == null ? "" : ratio(edgesCovered(), edgesTotal())));
        if (graph != null) {
            out.append(String.format(Locale.ROOT, "states covered: %s%n", ratio(statesCovered(), statesTotal())));
        }
        if (!unchecked.isEmpty()) {
            out.append("unchecked (not observed by the implementation): ").append(String.join(", ", unchecked))
                    .append(System.lineSeparator());
        }
        out.append(String.format(Locale.ROOT, "traces: %d, steps: %d, depth: max %d, mean %.1f, replay %.2f s, "
                + "%.0f steps/s%n", traces, steps, maxDepth(), meanDepth(), seconds(), stepsPerSecond()));
        return out.toString();
    }

    /** The figures as JSON. */
    public ObjectNode toJson() {
        final ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("traces", traces);
        o.put("steps", steps);
        o.put("maxDepth", maxDepth());
        o.put("meanDepth", Math.round(meanDepth() * 10) / 10.0);
        o.put("replaySeconds", seconds());
        o.put("stepsPerSecond", Math.round(stepsPerSecond()));
        if (graph != null) {
            o.putObject("states").put("covered", statesCovered()).put("total", statesTotal());
            o.putObject("edges").put("covered", edgesCovered()).put("total", edgesTotal());
            o.put("tracesWithOtherConstants", otherConstants);
        }
        unchecked.forEach(o.putArray("uncheckedVariables")::add);
        final ObjectNode actions = o.putObject("actions");
        byAction().forEach((a, row) -> {
            final ObjectNode r = actions.putObject(a).put("steps", row[0]);
            if (graph != null) {
                r.put("edgesCovered", row[1]).put("edgesTotal", row[2]);
            }
        });
        return o;
    }

    /**
     * Writes the state graph as DOT, covered edges green and uncovered red, states
     * labelled with their fingerprints (the full states make the file unreadable).
     */
    public void writeDot(final Path file) throws IOException {
        if (graph == null) {
            throw new IllegalStateException("no state graph to draw");
        }
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("digraph coverage {\n  node [shape=point];\n");
            for (final StateGraph.Node n : graph.nodes().values()) {
                w.write("  \"" + n.fingerprint() + "\" [color=" + (states.contains(n.fingerprint()) ? "darkgreen" : "red")
                        + (graph.initial().contains(n) ? ", shape=doublecircle, label=\"init\"" : "") + "];\n");
            }
            for (final StateGraph.Edge e : graph.edges()) {
                w.write("  \"" + e.from().fingerprint() + "\" -> \"" + e.to().fingerprint() + "\" [label=\""
                        + e.action() + ItfValues.showArgs(e.picks()).replace("\"", "\\\"") + "\", color="
                        + (edges[e.index()] ? "darkgreen" : "red") + "];\n");
            }
            w.write("}\n");
        }
    }

    private static String ratio(final long covered, final long total) {
        return String.format(Locale.ROOT, "%d/%d (%.1f%%)", covered, total, total == 0 ? 100.0 : 100.0 * covered / total);
    }
}
