package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.spec.BadModelException;
import dev.hac.spec.Model;
import dev.hac.spec.ModelRepository;
import dev.hac.spec.Scratch;
import dev.hac.spec.itf.ItfFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One conformance run, the library side of {@code hac conform}: generate traces from a
 * model's state graph (edge cover and random walks), draw deep behaviours with TLC
 * {@code -simulate} beside it, replay both against an implementation, and hand back the
 * coverage and divergences.
 */
public final class ConformanceRun {

    /** Where the run reports what it is doing. Calls may come from two threads at once. */
    public interface Status {
        /** A line that stays on the terminal. */
        void keep(String line);

        /** A progress line the next one replaces. */
        void show(String line);
    }

    /**
     * What to run.
     *
     * @param model           the conformance model (an embedded name or a .cfg path)
     * @param traces          ITF traces to replay instead of generating them, or null
     * @param measureModel    with {@code traces}: measure coverage against {@code model}'s graph
     * @param params          constants for given traces without {@code params} (Quint writes none)
     * @param adapter         the {@link SystemUnderTest} class name, or null for the default ({@link Adapters})
     * @param adapterCmd      run the implementation as this child process instead ({@link ProcessAdapter}), or null
     * @param adapterTimeout  with {@code adapterCmd}: how long each reply may take
     * @param walks           random walks besides the edge cover
     * @param walkSteps       longest random walk
     * @param simulate        behaviours drawn by TLC -simulate (0: none; not with {@code traces})
     * @param depth           most states per simulated behaviour
     * @param simulationModel the model TLC -simulate draws from
     * @param seed            seed of the walks and of TLC -simulate
     * @param keepGoing       replay every trace even after a divergence
     * @param saveTraces      where to write the generated traces as ITF, or null
     * @param report          where to write coverage and divergences as JSON, or null
     * @param dot             where to write the state graph as DOT (covered edges green), or null
     * @param scratchRoot     root of TLC's scratch directories
     */
    public record Settings(String model, Path traces, boolean measureModel, Map<String, JsonNode> params,
                           String adapter, String adapterCmd, Duration adapterTimeout, int walks, int walkSteps,
                           int simulate, int depth, String simulationModel, long seed, boolean keepGoing,
                           Path saveTraces, Path report, Path dot, Path scratchRoot) {
    }

    /**
     * What a run found.
     *
     * @param source              what was replayed (model names or the trace path)
     * @param adapter             the implementation's name
     * @param coverage            of the generated (or given) traces, against the graph if there is one
     * @param simulationModel     the model of the simulated behaviours
     * @param simulated           coverage of the simulated behaviours, or null when none were replayed
     * @param traces              how many traces were replayed, simulated ones included
     * @param divergences         every divergence found (one without {@code keepGoing})
     * @param keepGoing           whether the run went on after a divergence
     * @param unrelated           given traces with a step no action of the spec relates (then nothing was replayed)
     * @param otherConstants      given traces whose constants differ from the measuring model's, or 0
     * @param graphModel          the model whose graph measured coverage, or null without a graph
     * @param graphConstants      its constants, or null without a graph
     */
    public record Result(String source, String adapter, Coverage coverage, String simulationModel, Coverage simulated,
                         int traces, List<Divergence> divergences, boolean keepGoing,
                         List<StepLabeller.Unrelated> unrelated, long otherConstants, String graphModel,
                         Map<String, JsonNode> graphConstants) {
        public Result {
            divergences = List.copyOf(divergences);
            unrelated = List.copyOf(unrelated);
        }

        /** Given traces that are not behaviours of the spec, the result of reading them: nothing replayed. */
        static Result notBehaviours(final String source, final String adapter, final int traces,
                                    final List<StepLabeller.Unrelated> unrelated) {
            return new Result(source, adapter, null, null, null, traces, List.of(), false, unrelated, 0, null, null);
        }

        public boolean conforms() {
            return divergences.isEmpty() && unrelated.isEmpty();
        }

        /** One line: coverage, traces, steps and the verdict. */
        public String summary() {
            final String edges = coverage.hasGraph()
                    ? "edges " + ratio(coverage.edgesCovered(), coverage.edgesTotal()) + ", " : "";
            final String sim = simulated == null ? "" : String.format(Locale.ROOT,
                    " + %,d simulated (%,d steps, depth <= %d)", simulated.traces(), simulated.steps(),
                    simulated.maxDepth());
            return String.format(Locale.ROOT, "%s%,d traces, %,d steps%s, %s", edges, coverage.traces(),
                    coverage.steps(), sim, divergences.isEmpty() ? "no divergence"
                            : divergences.size() + " divergent trace(s)");
        }
    }

    private ConformanceRun() {
    }

    /** Covered out of total, with the percentage: {@code 12/16 (75.0%)}. */
    public static String ratio(final long covered, final long total) {
        return String.format(Locale.ROOT, "%,d/%,d (%.1f%%)", covered, total,
                total == 0 ? 100.0 : 100.0 * covered / total);
    }

    /**
     * Runs the suite.
     *
     * @throws IllegalArgumentException the adapter cannot be loaded or started
     */
    public static Result run(final Settings s, final Status status)
            throws IOException, InterruptedException, ItfFormatException, BadModelException, BrokenAdapterException {
        final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "hac-conform-simulate");
            t.setDaemon(true);
            return t;
        });
        try (Scratch scratch = Scratch.create(s.scratchRoot(), "conform");
             SystemUnderTest sut = s.adapterCmd() != null
                     ? Adapters.process(s.adapterCmd(), s.adapterTimeout(), status::keep)
                     : Adapters.load(s.adapter(), Thread.currentThread().getContextClassLoader())) {
            final ModelRepository repo = ModelRepository.embedded();
            final List<ConformanceTrace> replayed;
            Future<SimulationTraces.Simulation> pending = null;
            StateGraph graph = null;
            String source;
            if (s.traces() != null) {
                final StepLabeller.Result read = StepLabeller.read(s.traces(), s.params(), scratch, status::keep);
                if (read.labelled() > 0) {
                    status.keep(String.format(Locale.ROOT, "TLC labelled %,d steps that named no action or "
                            + "arguments (%d run(s), %.1f s)", read.labelled(), read.tlcRuns(),
                            read.tlcTime().toMillis() / 1000.0));
                }
                if (!read.unrelated().isEmpty()) {
                    return Result.notBehaviours(s.traces().toString(), sut.name(), read.traces().size(),
                            read.unrelated());
                }
                replayed = read.traces();
                source = s.traces().toString();
                if (s.measureModel()) {
                    graph = TraceGenerator.graph(repo.resolve(s.model(), scratch), scratch, status::keep);
                }
            } else {
                final Model graphModel = repo.resolve(s.model(), scratch);
                source = s.model();
                if (s.simulate() > 0) {
                    // Beside the exploration and the replay, which use one core: on two, TLC -simulate costs little time.
                    final Model simModel = repo.resolve(s.simulationModel(), scratch);
                    pending = background.submit(() -> SimulationTraces.generate(simModel, scratch, s.simulate(),
                            s.depth(), s.seed(), status::keep));
                    source += " + " + s.simulationModel();
                }
                final TraceGenerator.Generation g = TraceGenerator.generate(graphModel, scratch, s.walks(),
                        s.walkSteps(), s.seed(), status::keep);
                graph = g.graph();
                replayed = g.all();
                status.keep(String.format(Locale.ROOT, "%s: %,d states, %,d edges (TLC %.1f s); %,d cover traces "
                        + "(%s; greedy %,d), %,d steps; %,d random walks (%,d steps, seed %d)", s.model(),
                        graph.nodes().size(), graph.edges().size(), g.tlcTime().toMillis() / 1000.0, g.cover().size(),
                        g.coverPaths().fewest() ? "the fewest possible" : "not proven minimal", g.coverPaths().greedy(),
                        steps(g.cover()), g.walks().size(), steps(g.walks()), s.seed()));
                save(replayed, s, status);
            }
            status.keep("replaying " + replayed.size() + " traces against " + sut.name());
            final Replayer.Listener progress = (done, total, c) -> {
                if (done == total || done % 200 == 0) {
                    status.show(String.format(Locale.ROOT, "replayed %,d/%,d traces, %,d steps, %,.0f steps/s", done,
                            total, c.steps(), c.stepsPerSecond()));
                }
            };
            final Replayer replayer = new Replayer(sut, graph, progress).failFast(!s.keepGoing());
            final List<Divergence> divergences = new ArrayList<>(replayer.replay(replayed));
            List<ConformanceTrace> simulated = List.of();
            Coverage simCoverage = null;
            // After a divergence without keepGoing the simulation is not waited for (and stopped below).
            if (pending != null && (divergences.isEmpty() || s.keepGoing())) {
                final SimulationTraces.Simulation sim = await(pending);
                simulated = sim.traces();
                status.keep(String.format(Locale.ROOT, "%s: %,d behaviours by TLC -simulate (%.1f s, seed %d), "
                        + "%,d steps, depth max %d, mean %.1f", s.simulationModel(), simulated.size(),
                        sim.tlcTime().toMillis() / 1000.0, s.seed(), sim.steps(), sim.maxSteps(), sim.meanSteps()));
                save(simulated, s, status);
                status.keep("replaying " + simulated.size() + " simulated traces against " + sut.name());
                // Simulated behaviours come from another model: replayed apart, so the graph's coverage stays exact.
                final Replayer simReplayer = new Replayer(sut, null, progress).failFast(!s.keepGoing());
                divergences.addAll(simReplayer.replay(simulated));
                simCoverage = simulated.isEmpty() ? null : simReplayer.coverage();
            }
            if (s.report() != null) {
                ConformanceReport.write(s.report(), source, sut.name(), replayer.coverage(), simCoverage, divergences);
            }
            if (s.dot() != null && graph != null) {
                replayer.coverage().writeDot(s.dot());
            }
            return new Result(source, sut.name(), replayer.coverage(), s.simulationModel(), simCoverage,
                    replayed.size() + simulated.size(), divergences, s.keepGoing(), List.of(),
                    replayer.coverage().tracesWithOtherConstants(), graph == null ? null : s.model(),
                    graph == null ? null : graph.constants().all());
        } finally {
            background.shutdownNow(); // interrupting the simulation stops its TLC
        }
    }

    /** Writes the traces to {@code saveTraces}, if given. */
    private static void save(final List<ConformanceTrace> generated, final Settings s, final Status status)
            throws IOException {
        if (s.saveTraces() != null) {
            TraceGenerator.write(generated, s.saveTraces());
            status.keep(generated.size() + " traces written to " + s.saveTraces());
        }
    }

    /** The simulation's traces, or what stopped it. */
    private static SimulationTraces.Simulation await(final Future<SimulationTraces.Simulation> pending)
            throws IOException, ItfFormatException, InterruptedException {
        try {
            return pending.get();
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof ItfFormatException itf) {
                throw itf;
            }
            if (e.getCause() instanceof InterruptedException stopped) {
                throw stopped;
            }
            throw new IllegalStateException("TLC -simulate failed unexpectedly", e.getCause());
        }
    }

    private static long steps(final List<ConformanceTrace> traces) {
        return traces.stream().mapToLong(t -> t.steps().size()).sum();
    }
}
