package dev.hac.cli;

import dev.hac.conformance.Adapters;
import dev.hac.conformance.ConformanceTrace;
import dev.hac.conformance.Coverage;
import dev.hac.conformance.Divergence;
import dev.hac.conformance.Replayer;
import dev.hac.conformance.StateGraph;
import dev.hac.conformance.SystemUnderTest;
import dev.hac.conformance.TraceGenerator;
import dev.hac.spec.BadModelException;
import dev.hac.spec.ModelRepository;
import dev.hac.spec.Scratch;
import dev.hac.spec.itf.ItfFormatException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "conform", mixinStandardHelpOptions = true,
        description = {"Conformance: turn the model's state graph (TLC -dump dot) into ITF traces that cover every "
                + "edge, plus seeded random walks, and replay them against an implementation, comparing the "
                + "abstract variables after every step; or replay given ITF traces (--traces).",
                "Exit codes: 0 no divergence, 1 the implementation diverged (first divergence printed: trace, "
                        + "step, action, variable-by-variable diff), 2 bad input (model, trace file, adapter)."})
final class ConformCommand implements Callable<Integer> {

    static final String DEFAULT_MODEL = "MC_conformance";

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME|FILE.cfg", defaultValue = DEFAULT_MODEL,
            description = "The conformance model (default: ${DEFAULT-VALUE}); with --traces, the model to measure "
                    + "coverage against (only when given).")
    String model;

    @Option(names = "--traces", paramLabel = "DIR|FILE", description = "Replay these ITF traces (*.json) instead of "
            + "generating them (e.g. from Quint or Apalache).")
    Path traces;

    @Option(names = "--adapter", paramLabel = "CLASS", description = "The SystemUnderTest implementation (default: "
            + "one found by ServiceLoader, else the reference implementation's lockstep driver).")
    String adapter;

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

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the random walks (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--keep-going", description = "Replay every trace even after a divergence (to count them all).")
    boolean keepGoing;

    @Option(names = "--scratch", paramLabel = "DIR", hidden = true, description = "Root of TLC's scratch directories.")
    Path scratchRoot = Scratch.DEFAULT_ROOT;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (walks < 0 || walkSteps < 1) {
            err.println("hac conform: --walks must be >= 0 and --walk-steps >= 1");
            return Hac.BAD_INPUT;
        }
        final SystemUnderTest sut;
        try {
            sut = Adapters.load(adapter, Thread.currentThread().getContextClassLoader());
        } catch (final IllegalArgumentException e) {
            err.println("hac conform: " + e.getMessage());
            return Hac.BAD_INPUT;
        }
        final StatusLine status = new StatusLine(err, System.console() != null);
        try (Scratch scratch = Scratch.create(scratchRoot, "conform"); sut) {
            final ModelRepository repo = ModelRepository.embedded();
            final List<ConformanceTrace> replayed;
            StateGraph graph = null;
            String source;
            if (traces != null) {
                replayed = ConformanceTrace.readAll(traces);
                source = traces.toString();
                if (spec.commandLine().getParseResult().hasMatchedOption("--model")) {
                    graph = TraceGenerator.graph(repo.resolve(model, scratch), scratch, status::keep);
                }
            } else {
                final TraceGenerator.Generation g = TraceGenerator.generate(repo.resolve(model, scratch), scratch, walks,
                        walkSteps, seed, status::keep);
                graph = g.graph();
                replayed = g.all();
                source = model;
                status.keep(String.format(Locale.ROOT, "%s: %,d states, %,d edges (TLC %.1f s); %,d cover traces (%s; greedy %,d), "
                        + "%,d steps; %,d random walks (%,d steps, seed %d)", model, graph.nodes().size(),
                        graph.edges().size(), g.tlcTime().toMillis() / 1000.0, g.cover().size(),
                        g.coverPaths().fewest() ? "the fewest possible" : "not proven minimal", g.coverPaths().greedy(),
                        steps(g.cover()), g.walks().size(),
                        steps(g.walks()), seed));
                if (saveTraces != null) {
                    TraceGenerator.write(replayed, saveTraces);
                    status.keep("traces written to " + saveTraces);
                }
            }
            status.keep("replaying " + replayed.size() + " traces against " + sut.name());
            final Replayer replayer = new Replayer(sut, graph, (done, total, c) -> {
                if (done == total || done % 200 == 0) {
                    status.show(String.format(Locale.ROOT, "replayed %,d/%,d traces, %,d steps, %,.0f steps/s", done,
                            total, c.steps(), c.stepsPerSecond()));
                }
            }).failFast(!keepGoing);
            final List<Divergence> divergences = replayer.replay(replayed);
            status.done();
            print(out, replayer.coverage());
            if (report != null) {
                writeReport(source, sut, replayer.coverage(), divergences);
            }
            if (dot != null && graph != null) {
                replayer.coverage().writeDot(dot);
            }
            if (divergences.isEmpty()) {
                out.println("no divergence: " + sut.name() + " follows the spec on every step of every trace");
                return Hac.OK;
            }
            out.println("DIVERGENCE" + (keepGoing ? " in " + divergences.size() + " of " + replayed.size() + " traces; the first:"
                    : " (stopped at the first; --keep-going replays the rest):"));
            out.println(divergences.get(0).describe());
            return Hac.FAILED;
        } catch (final ItfFormatException | BadModelException e) {
            status.done();
            err.println("hac conform: " + e.getMessage());
            return Hac.BAD_INPUT;
        } catch (final IOException e) {
            status.done();
            err.println("hac conform: " + e.getMessage());
            return Hac.BAD_INPUT;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("hac conform: interrupted");
            return Hac.FAILED;
        }
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
        out.printf(Locale.ROOT, "  traces: %,d   steps: %,d   replay: %.1f s, %,.0f steps/s%n", c.traces(), c.steps(),
                c.seconds(), c.stepsPerSecond());
    }

    private void writeReport(final String source, final SystemUnderTest sut, final Coverage c,
                             final List<Divergence> divergences) throws IOException {
        final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        final ObjectNode root = json.createObjectNode();
        root.put("traces", source);
        root.put("adapter", sut.name());
        root.set("coverage", c.toJson());
        root.put("divergingTraces", divergences.size());
        final var list = root.putArray("divergences");
        divergences.forEach(d -> list.add(d.toJson()));
        if (report.toAbsolutePath().getParent() != null) {
            Files.createDirectories(report.toAbsolutePath().getParent());
        }
        json.writeValue(report.toFile(), root);
    }

    private static String ratio(final long covered, final long total) {
        return String.format(Locale.ROOT, "%,d/%,d (%.1f%%)", covered, total, total == 0 ? 100.0 : 100.0 * covered / total);
    }

    /**
     * Progress on stderr: one line rewritten in place on a terminal, plain lines when
     * redirected (and then only the kept ones and every tenth update, not to flood logs).
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
        void keep(final String line) {
            if (terminal) {
                show(line);
                done();
            } else {
                err.println(line);
                err.flush();
            }
        }

        /** A line the next one replaces. */
        void show(final String line) {
            if (terminal) {
                err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
                width = line.length();
            } else if (updates++ % 10 == 0) {
                err.println(line);
            }
            err.flush();
        }

        /** Ends the current line. */
        void done() {
            if (terminal && width > 0) {
                err.println();
                width = 0;
            }
            err.flush();
        }
    }
}
