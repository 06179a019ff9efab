package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.spec.CheckResult;
import dev.hac.spec.Model;
import dev.hac.spec.ModelChecker;
import dev.hac.spec.Outcome;
import dev.hac.spec.Scratch;
import dev.hac.spec.itf.ItfFormatException;
import dev.hac.spec.itf.ItfState;
import dev.hac.spec.itf.ItfTrace;
import dev.hac.spec.itf.ItfWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * From a model to traces: TLC dumps the reachable state graph ({@code -dump
 * dot,actionlabels}), which is parsed with every edge's arguments recovered, covered by
 * paths from the initial state, and sampled by seeded random walks; each path becomes an
 * ITF trace.
 */
public final class TraceGenerator {

    /**
     * The generated material.
     *
     * @param graph   the model's state graph
     * @param cover   traces that together take every edge
     * @param walks   random deep traces
     * @param tlcTime how long TLC took to explore and dump the graph
     * @param coverPaths how the cover was built (greedy size, proven minimal or not)
     */
    public record Generation(StateGraph graph, List<ConformanceTrace> cover, List<ConformanceTrace> walks,
                             Duration tlcTime, Paths.Cover coverPaths) {

        /** Cover traces first, then walks. */
        public List<ConformanceTrace> all() {
            final List<ConformanceTrace> out = new ArrayList<>(cover);
            out.addAll(walks);
            return out;
        }
    }

    private TraceGenerator() {
    }

    /**
     * Runs TLC on {@code model} (through the spec module's {@link ModelChecker}, with
     * {@code -dump dot,actionlabels}) and returns its state graph. The model must pass:
     * a conformance suite built from a spec that breaks its own invariants would test
     * implementations against a wrong reference.
     */
    public static StateGraph graph(final Model model, final Scratch scratch, final Consumer<String> progress)
            throws IOException, InterruptedException, ItfFormatException {
        requireConcrete(model);
        final Path dot = scratch.dir("graph").resolve(model.name() + ".dot");
        progress.accept("TLC: exploring " + model.name() + " and dumping its state graph");
        final CheckResult run = new ModelChecker().withScratchRoot(scratch.dir("tlc"))
                .withTlcArgs(List.of("-dump", "dot,actionlabels", dot.toString())).check(model);
        requirePass(run, model, "explore");
        if (!Files.isRegularFile(dot)) {
            throw new IOException("TLC explored " + model.name() + " but wrote no state graph to " + dot);
        }
        progress.accept("TLC: reading the state graph");
        return DotGraphReader.read(dot, constants(run, model));
    }

    /**
     * Refuses a model whose config merges states (SYMMETRY, VIEW): TLC would hand out
     * representatives instead of the states an implementation goes through.
     */
    static void requireConcrete(final Model model) throws IOException {
        final java.util.regex.Matcher abstraction = java.util.regex.Pattern.compile("(?m)^\\s*(SYMMETRY|VIEW)\\b")
                .matcher(model.cfg().text());
        if (abstraction.find()) {
            throw new IOException(model.cfgFile() + ": " + abstraction.group(1) + " merges states, so TLC's traces "
                    + "would hold representatives instead of the states an implementation goes through; a conformance "
                    + "model must not use it");
        }
    }

    /**
     * The run must pass: a conformance suite built from a spec that breaks its own
     * invariants would test implementations against a wrong reference.
     */
    static void requirePass(final CheckResult run, final Model model, final String verb) throws IOException {
        if (run.outcome() != Outcome.PASS) {
            throw new IOException("TLC could not " + verb + " " + model.name() + " cleanly (" + run.outcome()
                    + (run.property() == null ? "" : ", " + run.property()) + "); run 'hac check --model " + model.name()
                    + "' for details" + (run.message() == null ? "" : ":\n" + run.message()));
        }
    }

    /** The model's constants as TLC ran them, checked against the contract. */
    static ModelConstants constants(final CheckResult run, final Model model) throws ItfFormatException {
        return ModelConstants.of(run.parameters(), model.cfgFile().toString(), "CONSTANTS");
    }

    /** The graph, its edge cover and {@code walkCount} random walks of up to {@code walkSteps} steps. */
    public static Generation generate(final Model model, final Scratch scratch, final int walkCount, final int walkSteps,
                                      final long seed, final Consumer<String> progress)
            throws IOException, InterruptedException, ItfFormatException {
        final long start = System.nanoTime();
        final StateGraph graph = graph(model, scratch, progress);
        final Duration tlc = Duration.ofNanos(System.nanoTime() - start);
        final List<ConformanceTrace> cover = new ArrayList<>();
        final Paths.Cover coverPaths = Paths.edgeCover(graph);
        for (int i = 0; i < coverPaths.paths().size(); i++) {
            cover.add(trace(model.name() + "-cover-" + (i + 1), coverPaths.paths().get(i), graph.constants(),
                    "edge cover of " + model.name()));
        }
        final List<ConformanceTrace> walks = new ArrayList<>();
        final List<Paths.Path> walkPaths = Paths.randomWalks(graph, walkCount, walkSteps, seed);
        for (int i = 0; i < walkPaths.size(); i++) {
            walks.add(trace(model.name() + "-walk-" + (i + 1), walkPaths.get(i), graph.constants(),
                    "random walk " + (i + 1) + " of " + model.name() + ", seed " + seed));
        }
        return new Generation(graph, cover, walks, tlc, coverPaths);
    }

    /** One step of a generated trace: the action, its arguments, the state it leads to. */
    record Step(String action, ObjectNode picks, Map<String, JsonNode> to) {
    }

    /** The path as a checked ITF trace named {@code name}. */
    static ConformanceTrace trace(final String name, final Paths.Path path, final ModelConstants constants,
                                  final String description) throws ItfFormatException {
        final List<Step> steps = new ArrayList<>();
        path.edges().forEach(e -> steps.add(new Step(e.action(), e.picks(), e.to().variables())));
        return trace(name, path.start().variables(), steps, constants,
                description + "; generated by hac conform from TLC's state graph");
    }

    /** A checked ITF trace named {@code name} from {@code start} through {@code steps}. */
    static ConformanceTrace trace(final String name, final Map<String, JsonNode> start, final List<Step> steps,
                                  final ModelConstants constants, final String description) throws ItfFormatException {
        final ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.put("format", "ITF");
        meta.put("source", name);
        meta.put("description", description);
        final List<ItfState> states = new ArrayList<>();
        final Map<String, JsonNode> first = new LinkedHashMap<>(constants.all());
        first.putAll(start);
        states.add(new ItfState(0, "init", null, first, JsonNodeFactory.instance.objectNode()));
        for (final Step s : steps) {
            states.add(new ItfState(states.size(), s.action(), s.picks(), s.to(), JsonNodeFactory.instance.objectNode()));
        }
        final ItfTrace itf = new ItfTrace(meta, new ArrayList<>(constants.all().keySet()),
                new ArrayList<>(start.keySet()), states, null);
        return ConformanceTrace.of(name + ".itf.json", itf);
    }

    /** Writes each trace to {@code dir} as {@code <source>}. */
    public static void write(final List<ConformanceTrace> traces, final Path dir) throws IOException {
        for (final ConformanceTrace t : traces) {
            ItfWriter.write(t.itf(), dir.resolve(Path.of(t.source()).getFileName().toString()));
        }
    }
}
