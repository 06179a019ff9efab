package dev.hac.conformance;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an edge cover into one with the fewest paths. The paths from the initial state
 * are a flow in which every edge carries at least 1; the fewest paths is the minimum such
 * flow. Starting from the given cover's flow, a maximum flow pushed backwards (from the
 * path ends to the start, through edges carrying more than 1 and forwards through any
 * edge) cancels as many paths as possible (the standard reduction for minimum flow with
 * lower bounds); the result is split back into paths. Needs an acyclic graph (flow
 * around a cycle would not split into paths from the start); returns null otherwise.
 */
final class MinimumCover {

    private static final long INFINITE = Long.MAX_VALUE / 4;

    // Residual network in arrays: arc i goes to head[i], its reverse is i ^ 1.
    private final int[] head;
    private final long[] cap;
    private final int[] next;
    private final int[] first;
    private int arcs;
    private final int[] level;
    private final int[] cursor;

    private MinimumCover(final int nodes, final int maxArcs) {
        head = new int[maxArcs];
        cap = new long[maxArcs];
        next = new int[maxArcs];
        first = new int[nodes];
        Arrays.fill(first, -1);
        level = new int[nodes];
        cursor = new int[nodes];
    }

    static List<Paths.Path> minimise(final StateGraph graph, final List<Paths.Path> cover) {
        if (graph.initial().size() != 1 || !acyclic(graph)) {
            return null;
        }
        final Map<Long, Integer> id = new HashMap<>();
        final List<StateGraph.Node> nodes = new ArrayList<>(graph.nodes().values());
        for (int i = 0; i < nodes.size(); i++) {
            id.put(nodes.get(i).fingerprint(), i);
        }
        final int n = nodes.size();
        final int source = n;
        final int sink = n + 1;
        final long[] flow = new long[graph.edges().size()];
        final long[] ends = new long[n];
        for (final Paths.Path p : cover) {
            p.edges().forEach(e -> flow[e.index()]++);
            ends[id.get(p.edges().get(p.edges().size() - 1).to().fingerprint())]++;
        }
        final MinimumCover net = new MinimumCover(n + 2, 2 * (graph.edges().size() + n + 1));
        final int[] forward = new int[graph.edges().size()];
        for (final StateGraph.Edge e : graph.edges()) {
            // Pushing v -> u cancels one unit on e, down to its lower bound 1; u -> v adds one.
            forward[e.index()] = net.arc(id.get(e.from().fingerprint()), id.get(e.to().fingerprint()), INFINITE,
                    flow[e.index()] - 1);
        }
        final int init = id.get(graph.initial().get(0).fingerprint());
        final int starts = net.arc(source, init, INFINITE, cover.size());
        final int[] endArc = new int[n];
        for (int v = 0; v < n; v++) {
            endArc[v] = net.arc(v, sink, INFINITE, ends[v]);
        }
        net.maxFlow(sink, source);
        for (final StateGraph.Edge e : graph.edges()) {
            flow[e.index()] = 1 + net.cap[forward[e.index()] ^ 1];
        }
        final long paths = net.cap[starts ^ 1];
        for (int v = 0; v < n; v++) {
            ends[v] = net.cap[endArc[v] ^ 1];
        }
        return decompose(graph, nodes, id, flow, ends, paths);
    }

    /** Adds arc u -> v with capacity {@code c} and its reverse with capacity {@code back}; returns the forward arc. */
    private int arc(final int u, final int v, final long c, final long back) {
        head[arcs] = v;
        cap[arcs] = c;
        next[arcs] = first[u];
        first[u] = arcs++;
        head[arcs] = u;
        cap[arcs] = back;
        next[arcs] = first[v];
        first[v] = arcs++;
        return arcs - 2;
    }

    /** Dinic's algorithm from s to t. */
    private void maxFlow(final int s, final int t) {
        while (levels(s, t)) {
            System.arraycopy(first, 0, cursor, 0, first.length);
            while (push(s, t, INFINITE) > 0) {
                // keep augmenting along the level graph
            }
        }
    }

    private boolean levels(final int s, final int t) {
        Arrays.fill(level, -1);
        level[s] = 0;
        final ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(s));
        while (!queue.isEmpty()) {
            final int u = queue.poll();
            for (int a = first[u]; a >= 0; a = next[a]) {
                if (cap[a] > 0 && level[head[a]] < 0) {
                    level[head[a]] = level[u] + 1;
                    queue.add(head[a]);
                }
            }
        }
        return level[t] >= 0;
    }

    private long push(final int u, final int t, final long limit) {
        if (u == t) {
            return limit;
        }
        for (; cursor[u] >= 0; cursor[u] = next[cursor[u]]) {
            final int a = cursor[u];
            if (cap[a] > 0 && level[head[a]] == level[u] + 1) {
                final long pushed = push(head[a], t, Math.min(limit, cap[a]));
                if (pushed > 0) {
                    cap[a] -= pushed;
                    cap[a ^ 1] += pushed;
                    return pushed;
                }
            }
        }
        return 0;
    }

    /** Splits the flow into {@code count} paths from the initial state. */
    private static List<Paths.Path> decompose(final StateGraph graph, final List<StateGraph.Node> nodes,
                                              final Map<Long, Integer> id, final long[] flow, final long[] ends,
                                              final long count) {
        final List<Paths.Path> out = new ArrayList<>();
        final StateGraph.Node init = graph.initial().get(0);
        for (long i = 0; i < count; i++) {
            final List<StateGraph.Edge> path = new ArrayList<>();
            StateGraph.Node at = init;
            while (true) {
                StateGraph.Edge step = null;
                for (final StateGraph.Edge e : graph.outgoing(at)) {
                    if (flow[e.index()] > 0) {
                        step = e;
                        break;
                    }
                }
                if (step == null) {
                    break; // conservation: with no flow left out of here, a path ends here
                }
                flow[step.index()]--;
                path.add(step);
                at = step.to();
            }
            ends[id.get(at.fingerprint())]--;
            if (!path.isEmpty()) {
                out.add(new Paths.Path(init, path));
            }
        }
        return out;
    }

    private static boolean acyclic(final StateGraph graph) {
        final Map<Long, Integer> indegree = new HashMap<>();
        graph.nodes().keySet().forEach(fp -> indegree.put(fp, 0));
        graph.edges().forEach(e -> indegree.merge(e.to().fingerprint(), 1, Integer::sum));
        final ArrayDeque<StateGraph.Node> ready = new ArrayDeque<>();
        graph.nodes().values().stream().filter(v -> indegree.get(v.fingerprint()) == 0).forEach(ready::add);
        int seen = 0;
        while (!ready.isEmpty()) {
            final StateGraph.Node v = ready.poll();
            seen++;
            for (final StateGraph.Edge e : graph.outgoing(v)) {
                if (indegree.merge(e.to().fingerprint(), -1, Integer::sum) == 0) {
                    ready.add(e.to());
                }
            }
        }
        return seen == graph.nodes().size();
    }
}
