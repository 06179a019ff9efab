package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.vocabulary.ItfValues;
import dev.hac.vocabulary.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's reachable state graph as TLC dumped it: states by fingerprint, and the
 * distinct labelled edges between them with their arguments recovered. Two edges
 * between the same states with different actions are two edges (e.g. an abort and a
 * release of nothing lead to the same state); the same triple printed twice (TLC
 * evaluates an action once per satisfied disjunct) is one edge.
 */
public final class StateGraph {

    /** A state: TLC's fingerprint, its variables as ITF values, and a canonical key. */
    public record Node(long fingerprint, Map<String, JsonNode> variables, String key) {
    }

    /**
     * A step of the model.
     *
     * @param index  position in {@link #edges()}
     * @param picks  the action's arguments as {@code mbt::nondetPicks}
     */
    public record Edge(int index, Node from, Node to, String action, ObjectNode picks) {
    }

    private final ModelConstants constants;
    private final Map<Long, Node> nodes;
    private final Map<String, Node> byKey = new HashMap<>();
    private final List<Node> initial;
    private final List<Edge> edges;
    private final Map<Long, List<Edge>> outgoing = new HashMap<>();

    StateGraph(final ModelConstants constants, final Map<Long, Node> nodes, final List<Node> initial,
               final List<Edge> edges) {
        this.constants = constants;
        this.nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        this.initial = List.copyOf(initial);
        this.edges = List.copyOf(edges);
        nodes.values().forEach(n -> byKey.put(n.key(), n));
        for (final Edge e : edges) {
            outgoing.computeIfAbsent(e.from().fingerprint(), k -> new ArrayList<>()).add(e);
        }
    }

    public ModelConstants constants() {
        return constants;
    }

    public Map<Long, Node> nodes() {
        return nodes;
    }

    public List<Node> initial() {
        return initial;
    }

    public List<Edge> edges() {
        return edges;
    }

    /** Edges leaving {@code n}, in TLC's order. */
    public List<Edge> outgoing(final Node n) {
        return outgoing.getOrDefault(n.fingerprint(), List.of());
    }

    /** The node with these variable values (all of them), or null. */
    public Node lookup(final Map<String, JsonNode> variables) {
        return byKey.get(ItfValues.stateKey(variables, Variable.NAMES));
    }

    /** Edges from {@code from} to {@code to} taken by {@code action}. */
    public List<Edge> edges(final Node from, final Node to, final String action) {
        final List<Edge> out = new ArrayList<>();
        for (final Edge e : outgoing(from)) {
            if (e.to() == to && e.action().equals(action)) {
                out.add(e);
            }
        }
        return out;
    }
}
