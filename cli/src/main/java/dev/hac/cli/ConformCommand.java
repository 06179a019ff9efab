package dev.hac.cli;

import dev.hac.cli.support.ScratchRoot;
import dev.hac.cli.support.StatusLine;
import dev.hac.conformance.BrokenAdapterException;
import dev.hac.conformance.ConformanceRun;
import dev.hac.conformance.Coverage;
import dev.hac.conformance.ModelConstants;
import dev.hac.spec.BadModelException;
import dev.hac.spec.itf.ItfFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
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
        final StatusLine status = StatusLine.on(err);
        try {
            final ConformanceRun.Result r = ConformanceRun.run(settings(), status);
            status.done();
            return print(r, out, err);
        } catch (final IllegalArgumentException e) {
            status.done();
            err.println("hac conform: " + e.getMessage());
            return Hac.BAD_INPUT;
        } catch (final ItfFormatException | BadModelException | IOException | InterruptedException
                       | BrokenAdapterException e) {
            return status.failed("hac conform", e);
        }
    }

    /**
     * The run the options describe.
     *
     * @throws IllegalArgumentException a --param value is not a TLA+ value
     */
    ConformanceRun.Settings settings() {
        return new ConformanceRun.Settings(model, traces, spec.commandLine().getParseResult().hasMatchedOption("--model"),
                ModelConstants.parse(params), adapter, adapterCmd,
                Duration.ofMillis(Math.max(1, Math.round(adapterTimeout * 1000))), walks, walkSteps, simulate, depth,
                simulationModel, seed, keepGoing, saveTraces, report, dot, scratchRoot.root());
    }

    /** The coverage tables and the verdict; returns the exit code. */
    static int print(final ConformanceRun.Result r, final PrintWriter out, final PrintWriter err) {
        if (!r.unrelated().isEmpty()) {
            out.println("NOT A BEHAVIOUR OF THE SPEC (" + r.unrelated().size() + " of " + r.traces()
                    + " traces; the first): " + r.unrelated().get(0).describe());
            return Hac.FAILED;
        }
        if (r.otherConstants() > 0) {
            err.println("hac conform: warning: " + r.otherConstants() + " of " + r.coverage().traces()
                    + " traces have constants other than " + r.graphModel() + "'s " + r.graphConstants()
                    + ", so they cannot cover its states and edges");
        }
        print(out, r.coverage());
        if (r.simulated() != null) {
            out.println();
            out.println("TLC -simulate behaviours of " + r.simulationModel() + ":");
            print(out, r.simulated());
        }
        if (r.conforms()) {
            out.println("no divergence: " + r.adapter() + " follows the spec on every step of every trace");
            return Hac.OK;
        }
        out.println("DIVERGENCE" + (r.keepGoing() ? " in " + r.divergences().size() + " of " + r.traces()
                + " traces; the first:" : " (stopped at the first; --keep-going replays the rest):"));
        out.println(r.divergences().get(0).describe());
        return Hac.FAILED;
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
        return ConformanceRun.ratio(covered, total);
    }
}
