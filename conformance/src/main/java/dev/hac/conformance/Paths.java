package dev.hac.conformance;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Paths through a {@link StateGraph}, each from an initial state: a set that covers every
 * edge, and seeded random walks.
 */
public final class Paths {

    /** A path: its initial state and its steps. */
    public record Path(StateGraph.Node start, List<StateGraph.Edge> edges) {
        public Path {
            edges = List.copyOf(edges);
        }
    }

    /**
     * An edge cover.
     *
     * @param paths  the paths
     * @param greedy how many paths the greedy construction needed
     * @param fewest whether {@code paths} is proven minimal (min-flow), not just greedy
     */
    public record Cover(List<Path> paths, int greedy, boolean fewest) {
        public Cover {
            paths = List.copyOf(paths);
        }
    }

    private Paths() {
    }

    /**
     * A set of paths from the initial states that together take every edge at least once
     * (Mocket-style edge coverage, without random reduction). Greedy: while an edge is
     * uncovered, take the uncovered edge whose source is nearest to the initial states
     * (shallowest first), reach its source by a shortest path, take it, then keep going by
     * the shortest way to the nearest uncovered edge until none is reachable; every edge on
     * the way counts as covered. Shallowest first needs about half the paths of deepest
     * first on MC_conformance (conformance/README.md), as each path then sweeps up the
     * edges below its start; {@link MinimumCover} then reduces the greedy cover to the fewest
     * paths.
     */
    public static Cover edgeCover(final StateGraph graph) {
        final Map<Long, StateGraph.Edge> parent = new HashMap<>();
        final Map<Long, Integer> depth = new HashMap<>();
        final Deque<StateGraph.Node> queue = new ArrayDeque<>();
        for (final StateGraph.Node init : graph.initial()) {
            depth.put(init.fingerprint(), 0);
            queue.add(init);
        }
        while (!queue.isEmpty()) {
            final StateGraph.Node n = queue.poll();
            for (final StateGraph.Edge e : graph.outgoing(n)) {
                if (!depth.containsKey(e.to().fingerprint())) {
                    depth.put(e.to().fingerprint(), depth.get(n.fingerprint()) + 1);
                    parent.put(e.to().fingerprint(), e);
                    queue.add(e.to());
                }
            }
        }
        final List<StateGraph.Edge> byDepth = new ArrayList<>(graph.edges());
        byDepth.removeIf(e -> !depth.containsKey(e.from().fingerprint()));
        byDepth.sort(Comparator.comparingInt((StateGraph.Edge e) -> depth.get(e.from().fingerprint()))
                .thenComparingInt(StateGraph.Edge::index));
        final boolean[] covered = new boolean[graph.edges().size()];
        final List<Path> paths = new ArrayList<>();
        for (final StateGraph.Edge target : byDepth) {
            if (covered[target.index()]) {
                continue;
            }
            final List<StateGraph.Edge> path = new ArrayList<>();
            for (StateGraph.Edge p = parent.get(target.from().fingerprint()); p != null; p = parent.get(p.from().fingerprint())) {
                path.add(0, p);
            }
            path.add(target);
            StateGraph.Node at = target.to();
            for (List<StateGraph.Edge> more = toUncovered(graph, at, covered, path); more != null;
                 more = toUncovered(graph, at, covered, path)) {
                path.addAll(more);
                at = more.get(more.size() - 1).to();
            }
            path.forEach(e -> covered[e.index()] = true);
            paths.add(new Path(path.get(0).from(), path));
        }
        final List<Path> fewest = MinimumCover.minimise(graph, paths);
        return fewest == null ? new Cover(paths, paths.size(), false) : new Cover(fewest, paths.size(), true);
    }

    /**
     * The shortest way from {@code at} that ends with an edge neither covered nor on
     * {@code path} yet, or null when none is reachable.
     */
    private static List<StateGraph.Edge> toUncovered(final StateGraph graph, final StateGraph.Node at,
                                                     final boolean[] covered, final List<StateGraph.Edge> path) {
        final Set<StateGraph.Edge> taken = new HashSet<>(path);
        final Map<Long, StateGraph.Edge> via = new HashMap<>();
        final Deque<StateGraph.Node> queue = new ArrayDeque<>(List.of(at));
        final Set<Long> seen = new HashSet<>(List.of(at.fingerprint()));
        while (!queue.isEmpty()) {
            final StateGraph.Node n = queue.poll();
            for (final StateGraph.Edge e : graph.outgoing(n)) {
                if (!covered[e.index()] && !taken.contains(e)) {
                    final List<StateGraph.Edge> way = new ArrayList<>(List.of(e));
                    for (StateGraph.Edge p = via.get(n.fingerprint()); p != null; p = via.get(p.from().fingerprint())) {
                        way.add(0, p);
                    }
                    return way;
                }
                if (seen.add(e.to().fingerprint())) {
                    via.put(e.to().fingerprint(), e);
                    queue.add(e.to());
                }
            }
        }
        return null;
    }

    /**
     * {@code count} random walks: from a random initial state, a uniformly random edge out
     * of each state, until a state without successors or {@code maxSteps}. The same seed
     * gives the same walks.
     */
    public static List<Path> randomWalks(final StateGraph graph, final int count, final int maxSteps,
                                                          final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Path> walks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final List<StateGraph.Edge> walk = new ArrayList<>();
            final StateGraph.Node start = graph.initial().get(random.nextInt(graph.initial().size()));
            StateGraph.Node at = start;
            while (walk.size() < maxSteps && !graph.outgoing(at).isEmpty()) {
                final List<StateGraph.Edge> out = graph.outgoing(at);
                final StateGraph.Edge e = out.get(random.nextInt(out.size()));
                walk.add(e);
                at = e.to();
            }
            walks.add(new Path(start, walk));
        }
        return walks;
    }
}
