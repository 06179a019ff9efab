package dev.hac.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.conformance.Adapters;
import dev.hac.conformance.BrokenAdapterException;
import dev.hac.conformance.ConformanceReport;
import dev.hac.conformance.ConformanceTrace;
import dev.hac.conformance.Coverage;
import dev.hac.conformance.Divergence;
import dev.hac.conformance.ModelConstants;
import dev.hac.conformance.Replayer;
import dev.hac.conformance.SimulationTraces;
import dev.hac.conformance.StateGraph;
import dev.hac.conformance.StepLabeller;
import dev.hac.conformance.SystemUnderTest;
import dev.hac.conformance.TraceGenerator;
import dev.hac.spec.BadModelException;
import dev.hac.spec.Model;
import dev.hac.spec.ModelRepository;
import dev.hac.spec.Scratch;
import dev.hac.spec.itf.ItfFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "conform", mixinStandardHelpOptions = true,
        description = {"Conformance: turn the model's state graph (TLC -dump dot) into ITF traces that cover every "
                + "edge, plus seeded random walks and deep random behaviours drawn by TLC -simulate, and replay them "
                + "against an implementation, comparing the abstract variables after every step; or replay given ITF "
                + "traces (--traces).",
                "Exit codes: 0 no divergence, 1 the implementation diverged (first divergence printed: trace, "
                        + "step, action, variable-by-variable diff) or a given trace is not a behaviour of the spec "
                        + "(the step no action relates), 2 bad input (model, trace file, constants, adapter)."})
final class ConformCommand implements Callable<Integer> {

    static final String DEFAULT_MODEL = "MC_conformance";
    static final String DEFAULT_SIMULATION_MODEL = "MC_simulate";

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME|FILE.cfg", defaultValue = DEFAULT_MODEL,
            description = "The conformance model (default: ${DEFAULT-VALUE}); with --traces, the model to measure "
                    + "coverage against (only when given).")
    String model;

    @Option(names = "--traces", paramLabel = "DIR|FILE", description = "Replay these ITF traces (*.json) instead of "
            + "generating them, as Quint, Apalache or TLC write them; steps without mbt::actionTaken (or without "
            + "an argument) are labelled by TLC.")
    Path traces;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "With --traces: a constant the traces' "
            + "'params' do not give (Quint writes none), as a TLA+ value: --param Cap=2 --param Policy=strict "
            + "--param CkptVMs={c1,c2}. A constant given both ways must agree.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--adapter", paramLabel = "CLASS", description = "The SystemUnderTest implementation (default: "
            + "one found by ServiceLoader, else the reference implementation's lockstep driver).")
    String adapter;

    @Option(names = "--adapter-cmd", paramLabel = "\"COMMAND ARGS\"", description = "Run the implementation as "
            + "one child process in any language and drive it with one JSON request per line on its stdin (reset, "
            + "apply, observe), one reply per line on its stdout: the protocol of conformance/ADAPTERS.md. Quotes and "
            + "backslashes group words as in a shell; no variables or redirections.")
    String adapterCmd;

    @Option(names = "--adapter-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "With --adapter-cmd: how long each reply may take (default: ${DEFAULT-VALUE}).")
    double adapterTimeout;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the coverage and divergences as JSON.")
    Path report;

    @Option(names = "--dot", paramLabel = "FILE", description = "Write the state graph as DOT, covered edges green.")
    Path dot;

    @Option(names = "--save-traces", paramLabel = "DIR", description = "Also write the generated traces as ITF files.")
    Path saveTraces;

    @Option(names = "--walks", paramLabel = "N", defaultValue = "100",
            description = "Random walks through the state graph besides the edge cover (default: ${DEFAULT-VALUE}).")
    int walks;

    @Option(names = "--walk-steps", paramLabel = "N", defaultValue = "200",
            description = "Longest random walk (default: ${DEFAULT-VALUE}; walks end earlier in states without successors).")
    int walkSteps;

    @Option(names = "--simulate", paramLabel = "N", defaultValue = "50",
            description = "Deep random behaviours drawn by TLC -simulate from --simulation-model, besides the "
                    + "graph's traces (default: ${DEFAULT-VALUE}; 0: none; not with --traces).")
    int simulate;

    @Option(names = "--depth", paramLabel = "D", defaultValue = "100",
            description = "Most states per simulated behaviour (default: ${DEFAULT-VALUE}; behaviours end earlier "
                    + "when the model's bounds leave no step).")
    int depth;

    @Option(names = "--simulation-model", paramLabel = "NAME|FILE.cfg", defaultValue = DEFAULT_SIMULATION_MODEL,
            description = "The model TLC -simulate draws from (default: ${DEFAULT-VALUE}); it must record every step "
                    + "in a variable mbtAction, as spec/tla/SimOutputCommit.tla does.")
    String simulationModel;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the random walks and of TLC -simulate (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--keep-going", description = "Replay every trace even after a divergence (to count them all).")
    boolean keepGoing;

    @Mixin
    ScratchRoot scratchRoot;

    /** One line on what the last run covered, for {@code hac verify}. */
    private String summary = "did not run";

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (walks < 0 || walkSteps < 1 || simulate < 0 || depth < 2) {
            err.println("hac conform: --walks and --simulate must be >= 0, --walk-steps >= 1 and --depth >= 2");
            return Hac.BAD_INPUT;
        }
        if (!params.isEmpty() && traces == null) {
            err.println("hac conform: --param gives the constants of --traces; generated traces carry their model's");
            return Hac.BAD_INPUT;
        }
        if (adapter != null && adapterCmd != null) {
            err.println("hac conform: --adapter and --adapter-cmd exclude each other");
            return Hac.BAD_INPUT;
        }
        if (!(adapterTimeout > 0 && adapterTimeout <= 86_400)) {
            err.println("hac conform: --adapter-timeout must be more than 0 and at most 86400 seconds, got "
                    + adapterTimeout);
            return Hac.BAD_INPUT;
        }
        final Map<String, JsonNode> given;
        final SystemUnderTest sut;
        try {
            given = ModelConstants.parse(params);
            sut = adapterCmd != null
                    ? Adapters.process(adapterCmd, Duration.ofMillis(Math.max(1, Math.round(adapterTimeout * 1000))),
                            line -> {
                                err.println(line);
                                err.flush();
                            })
                    : Adapters.load(adapter, Thread.currentThread().getContextClassLoader());
        } catch (final IllegalArgumentException e) {
            err.println("hac conform: " + e.getMessage());
            return Hac.BAD_INPUT;
        }
        final StatusLine status = new StatusLine(err, System.console() != null);
        final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "hac-conform-simulate");
            t.setDaemon(true);
            return t;
        });
        try (Scratch scratch = Scratch.create(scratchRoot.root, "conform"); sut) {
            final ModelRepository repo = ModelRepository.embedded();
            final List<ConformanceTrace> replayed;
            Future<SimulationTraces.Simulation> pending = null;
            StateGraph graph = null;
            String source;
            if (traces != null) {
                final StepLabeller.Result read = StepLabeller.read(traces, given, scratch, status::keep);
                if (read.labelled() > 0) {
                    status.keep(String.format(Locale.ROOT, "TLC labelled %,d steps that named no action or "
                            + "arguments (%d run(s), %.1f s)", read.labelled(), read.tlcRuns(),
                            read.tlcTime().toMillis() / 1000.0));
                }
                if (!read.unrelated().isEmpty()) {
                    status.done();
                    out.println("NOT A BEHAVIOUR OF THE SPEC (" + read.unrelated().size() + " of "
                            + read.traces().size() + " traces; the first): " + read.unrelated().get(0).describe());
                    return Hac.FAILED;
                }
                replayed = read.traces();
                source = traces.toString();
                if (spec.commandLine().getParseResult().hasMatchedOption("--model")) {
                    graph = TraceGenerator.graph(repo.resolve(model, scratch), scratch, status::keep);
                }
            } else {
                final Model graphModel = repo.resolve(model, scratch);
                source = model;
                if (simulate > 0) {
                    // Beside the exploration and the replay, which use one core: on two, TLC -simulate costs little time.
                    final Model simModel = repo.resolve(simulationModel, scratch);
                    pending = background.submit(() -> SimulationTraces.generate(simModel, scratch, simulate, depth,
                            seed, status::keep));
                    source += " + " + simulationModel;
                }
                final TraceGenerator.Generation g = TraceGenerator.generate(graphModel, scratch, walks, walkSteps, seed,
                        status::keep);
                graph = g.graph();
                replayed = g.all();
                status.keep(String.format(Locale.ROOT, "%s: %,d states, %,d edges (TLC %.1f s); %,d cover traces (%s; greedy %,d), "
                        + "%,d steps; %,d random walks (%,d steps, seed %d)", model, graph.nodes().size(),
                        graph.edges().size(), g.tlcTime().toMillis() / 1000.0, g.cover().size(),
                        g.coverPaths().fewest() ? "the fewest possible" : "not proven minimal", g.coverPaths().greedy(),
                        steps(g.cover()), g.walks().size(),
                        steps(g.walks()), seed));
                save(replayed, status);
            }
            status.keep("replaying " + replayed.size() + " traces against " + sut.name());
            final Replayer.Listener progress = (done, total, c) -> {
                if (done == total || done % 200 == 0) {
                    status.show(String.format(Locale.ROOT, "replayed %,d/%,d traces, %,d steps, %,.0f steps/s", done,
                            total, c.steps(), c.stepsPerSecond()));
                }
            };
            final Replayer replayer = new Replayer(sut, graph, progress).failFast(!keepGoing);
            final List<Divergence> divergences = new ArrayList<>(replayer.replay(replayed));
            List<ConformanceTrace> simulated = List.of();
            Coverage simCoverage = null;
            // After a divergence without --keep-going the simulation is not waited for (and stopped below).
            if (pending != null && (divergences.isEmpty() || keepGoing)) {
                final SimulationTraces.Simulation sim = await(pending);
                simulated = sim.traces();
                status.keep(String.format(Locale.ROOT, "%s: %,d behaviours by TLC -simulate (%.1f s, seed %d), "
                        + "%,d steps, depth max %d, mean %.1f", simulationModel, simulated.size(),
                        sim.tlcTime().toMillis() / 1000.0, seed, sim.steps(), sim.maxSteps(), sim.meanSteps()));
                save(simulated, status);
                status.keep("replaying " + simulated.size() + " simulated traces against " + sut.name());
                // Simulated behaviours come from another model: replayed apart, so the graph's coverage stays exact.
                final Replayer simReplayer = new Replayer(sut, null, progress).failFast(!keepGoing);
                divergences.addAll(simReplayer.replay(simulated));
                simCoverage = simulated.isEmpty() ? null : simReplayer.coverage();
            }
            status.done();
            if (replayer.coverage().tracesWithOtherConstants() > 0) {
                err.println("hac conform: warning: " + replayer.coverage().tracesWithOtherConstants() + " of "
                        + replayed.size() + " traces have constants other than " + model + "'s "
                        + graph.constants().all() + ", so they cannot cover its states and edges");
            }
            print(out, replayer.coverage());
            if (simCoverage != null) {
                out.println();
                out.println("TLC -simulate behaviours of " + simulationModel + ":");
                print(out, simCoverage);
            }
            summary = summarise(replayer.coverage(), simCoverage, divergences.size());
            if (report != null) {
                ConformanceReport.write(report, source, sut.name(), replayer.coverage(), simCoverage, divergences);
            }
            if (dot != null && graph != null) {
                replayer.coverage().writeDot(dot);
            }
            if (divergences.isEmpty()) {
                out.println("no divergence: " + sut.name() + " follows the spec on every step of every trace");
                return Hac.OK;
            }
            out.println("DIVERGENCE" + (keepGoing ? " in " + divergences.size() + " of " + (replayed.size()
                    + simulated.size()) + " traces; the first:"
                    : " (stopped at the first; --keep-going replays the rest):"));
            out.println(divergences.get(0).describe());
            return Hac.FAILED;
        } catch (final ItfFormatException | BadModelException | IOException | InterruptedException
                       | BrokenAdapterException e) {
            return status.failed("hac conform", e);
        } finally {
            background.shutdownNow(); // interrupting the simulation stops its TLC
        }
    }

    /** With --save-traces, writes the traces there. */
    private void save(final List<ConformanceTrace> generated, final StatusLine status) throws IOException {
        if (saveTraces != null) {
            TraceGenerator.write(generated, saveTraces);
            status.keep(generated.size() + " traces written to " + saveTraces);
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

    String summary() {
        return summary;
    }

    private static String summarise(final Coverage c, final Coverage simulated, final int divergences) {
        final String edges = c.hasGraph() ? "edges " + ratio(c.edgesCovered(), c.edgesTotal()) + ", " : "";
        final String sim = simulated == null ? "" : String.format(Locale.ROOT, " + %,d simulated (%,d steps, depth <= %d)",
                simulated.traces(), simulated.steps(), simulated.maxDepth());
        return String.format(Locale.ROOT, "%s%,d traces, %,d steps%s, %s", edges, c.traces(), c.steps(), sim,
                divergences == 0 ? "no divergence" : divergences + " divergent trace(s)");
    }

    private static long steps(final List<ConformanceTrace> traces) {
        return traces.stream().mapToLong(t -> t.steps().size()).sum();
    }

    private static void print(final PrintWriter out, final Coverage c) {
        final TextTable table = c.hasGraph() ? new TextTable("action", "steps", "edges covered")
                : new TextTable("action", "steps");
        for (final Map.Entry<String, long[]> row : c.byAction().entrySet()) {
            if (c.hasGraph()) {
                table.row(row.getKey(), String.format(Locale.ROOT, "%,d", row.getValue()[0]), ratio(row.getValue()[1], row.getValue()[2]));
            } else {
                table.row(row.getKey(), String.format(Locale.ROOT, "%,d", row.getValue()[0]));
            }
        }
        if (c.hasGraph()) {
            table.row("all actions", String.format(Locale.ROOT, "%,d", c.steps()), ratio(c.edgesCovered(), c.edgesTotal()));
        } else {
            table.row("all actions", String.format(Locale.ROOT, "%,d", c.steps()));
        }
        table.print(out);
        if (c.hasGraph()) {
            out.println("  states covered: " + ratio(c.statesCovered(), c.statesTotal()));
        }
        if (!c.unchecked().isEmpty()) {
            out.println("  unchecked (the implementation does not observe them): " + String.join(", ", c.unchecked()));
        }
        out.printf(Locale.ROOT, "  traces: %,d   steps: %,d   depth: max %,d, mean %.1f   replay: %.1f s, %,.0f steps/s%n",
                c.traces(), c.steps(), c.maxDepth(), c.meanDepth(), c.seconds(), c.stepsPerSecond());
    }

    private static String ratio(final long covered, final long total) {
        return String.format(Locale.ROOT, "%,d/%,d (%.1f%%)", covered, total, total == 0 ? 100.0 : 100.0 * covered / total);
    }

    /**
     * Progress on stderr: one line rewritten in place on a terminal, plain lines when
     * redirected (and then only the kept ones and every tenth update, not to flood logs).
     * Synchronised: the simulation reports from its own thread.
     */
    static final class StatusLine {
        private final PrintWriter err;
        private final boolean terminal;
        private int width;
        private int updates;

        StatusLine(final PrintWriter err, final boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        /** A line that stays. */
        synchronized void keep(final String line) {
            if (terminal) {
                show(line);
                done();
            } else {
                err.println(line);
                err.flush();
            }
        }

        /** A line the next one replaces. */
        synchronized void show(final String line) {
            if (terminal) {
                err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
                width = line.length();
            } else if (updates++ % 10 == 0) {
                err.println(line);
            }
            err.flush();
        }

        /**
         * Ends the status line and reports a failure: bad input (exit 2), or an interruption
         * (exit 1, the interrupt flag kept).
         */
        synchronized int failed(final String command, final Exception e) {
            done();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                err.println(command + ": interrupted");
                return Hac.FAILED;
            }
            err.println(command + ": " + e.getMessage());
            return Hac.BAD_INPUT;
        }

        /** Ends the current line. */
        synchronized void done() {
            if (terminal && width > 0) {
                err.println();
                width = 0;
            }
            err.flush();
        }
    }

    /** Where TLC's scratch directories go (hidden: for tests and debugging). */
    static final class ScratchRoot {
        @Option(names = "--scratch", paramLabel = "DIR", hidden = true, description = "Root of TLC's scratch directories.")
        Path root = Scratch.DEFAULT_ROOT;
    }
}
