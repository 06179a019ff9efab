package dev.hac.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.cli.support.ScratchRoot;
import dev.hac.cli.support.StatusLine;
import dev.hac.conformance.EventLog;
import dev.hac.conformance.FencedTrace;
import dev.hac.conformance.ModelConstants;
import dev.hac.conformance.TraceValidator;
import dev.hac.spec.Scratch;
import dev.hac.vocabulary.BadLogException;
import dev.hac.vocabulary.EventLogSchema;
import dev.hac.vocabulary.TlaValueFormatter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Trace validation: TLC decides whether an implementation's event log (NDJSON, one line per "
                + "abstract action with its arguments and the resulting variables; see conformance/ADAPTERS.md) is a "
                + "behaviour of the spec, and names the first line no spec step can match.",
                "The spec is the one the log's header names (\"writer\": {\"spec\": ...}; OutputCommit when none), "
                + "or --spec. Against Fencing, give the logs of both hosts of a fenced pair (every incarnation, in "
                + "order): they are checked together, in every interleaving their messages allow.",
                "Exit codes: 0 accepted, 1 rejected, 2 bad input (the message names the line and field)."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--trace", paramLabel = "FILE.ndjson", description = "An event log (repeatable; or give the logs "
            + "as arguments).")
    List<Path> traces = new ArrayList<>();

    @Parameters(paramLabel = "LOG", arity = "0..*", description = "Event logs.")
    List<Path> logs = new ArrayList<>();

    @Option(names = "--spec", paramLabel = "SPEC", description = "OutputCommit or Fencing (default: as the log's header "
            + "says).")
    String specName;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A constant the log's header does not give, "
            + "as a TLA+ value: --param Cap=4 --param Policy=strict --param CkptVMs={c1,c2}; against Fencing, Lease, "
            + "MaxDrift and MaxPause in ticks (default 1, 0, 0: the logs have no clock, the order of events is checked).")
    Map<String, String> params = new LinkedHashMap<>();

    @Mixin
    ScratchRoot scratchRoot;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final List<Path> files = new ArrayList<>(traces);
        files.addAll(logs);
        if (files.isEmpty()) {
            err.println("hac validate: give an event log (hac validate LOG... or --trace LOG)");
            return Hac.BAD_INPUT;
        }
        for (final Path f : files) {
            if (!Files.isRegularFile(f)) {
                err.println("hac validate: " + f + ": no such file");
                return Hac.BAD_INPUT;
            }
        }
        if (specName != null && !SPECS.contains(specName)) {
            err.println("hac validate: --spec " + specName + ": expected one of " + SPECS);
            return Hac.BAD_INPUT;
        }
        final StatusLine status = StatusLine.on(err);
        try (Scratch scratch = Scratch.create(scratchRoot.root(), "validate")) {
            final String which = specName != null ? specName : FencedTrace.specOf(files.get(0));
            if (!SPECS.contains(which)) {
                err.println("hac validate: " + files.get(0) + ":1: writer.spec: expected one of " + SPECS + ", found "
                        + which);
                return Hac.BAD_INPUT;
            }
            if (which.equals(EventLogSchema.SPEC_FENCING)) {
                return fenced(files, scratch, status, out, err);
            }
            if (files.size() > 1) {
                err.println("hac validate: OutputCommit takes one log; " + files.size() + " given (several logs: "
                        + "--spec Fencing)");
                return Hac.BAD_INPUT;
            }
            return outputCommit(files.get(0), scratch, status, out, err);
        } catch (final BadLogException | IOException | InterruptedException e) {
            return status.failed("hac validate", e);
        }
    }

    private static final List<String> SPECS = List.of(EventLogSchema.SPEC_OUTPUT_COMMIT, EventLogSchema.SPEC_FENCING);

    private Integer fenced(final List<Path> files, final Scratch scratch, final StatusLine status, final PrintWriter out,
                           final PrintWriter err) throws BadLogException, IOException, InterruptedException {
        final TraceValidator.FencedTiming timing;
        try {
            timing = timing();
        } catch (final IllegalArgumentException e) {
            err.println("hac validate: --param " + e.getMessage());
            return Hac.BAD_INPUT;
        }
        final FencedTrace trace = FencedTrace.read(files);
        trace.droppedLines().forEach(d -> err.println("hac validate: note: dropped the incomplete last line " + d
                + " (its writer stopped mid-line, e.g. a killed host)"));
        if (trace.leftOut() > 0) {
            err.println("hac validate: note: left out " + trace.leftOut() + " line(s) of ordinary VMs (Fencing has "
                    + "only checkpointing VMs; OutputCommit covers the others)");
        }
        final TraceValidator.FencedVerdict v = TraceValidator.validate(trace, timing, scratch, status::show);
        status.done();
        final TextTable table = new TextTable("host", "lines", "matched", "states explored", "time", "verdict");
        for (final String h : trace.hosts()) {
            table.row(h, trace.lines().get(h).size(), v.matched().get(h), v.distinctStates(),
                    String.format(Locale.ROOT, "%.1f s", v.duration().toMillis() / 1000.0),
                    v.accepted() ? "accepted" : "REJECTED");
        }
        table.print(out);
        if (v.accepted()) {
            out.println("accepted: the " + trace.size() + " lines of " + files.size() + " log(s) are a behaviour of Fencing");
            return Hac.OK;
        }
        out.println("REJECTED: no step of Fencing matches the next line of either host after the "
                + v.matched().values().stream().mapToInt(Integer::intValue).sum() + " lines matched:");
        v.firstUnmatched().forEach((h, line) -> {
            out.println("  " + line.source() + ":" + line.lineNo() + " (host " + h + "): " + line.logged()
                    + (line.check() ? " (a check of the state)" : " as " + line.action()
                    + TlaValueFormatter.format(line.args()))
                    + (line.after() > v.matched().getOrDefault(peer(trace, h), 0)
                    ? ", waiting for line " + line.after() + " of the peer's log" : ""));
            line.state().fields().forEachRemaining(f -> out.println("    " + f.getKey() + " = "
                    + TlaValueFormatter.format(f.getValue())));
        });
        return Hac.FAILED;
    }

    private static String peer(final FencedTrace trace, final String h) {
        return trace.hosts().get(0).equals(h) ? trace.hosts().get(1) : trace.hosts().get(0);
    }

    private TraceValidator.FencedTiming timing() {
        final TraceValidator.FencedTiming d = TraceValidator.FencedTiming.DEFAULT;
        return new TraceValidator.FencedTiming(ticks("Lease", d.lease(), 1), ticks("MaxDrift", d.maxDrift(), 0),
                ticks("MaxPause", d.maxPause(), 0));
    }

    private int ticks(final String name, final int otherwise, final int min) {
        final String v = params.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            final int n = Integer.parseInt(v.trim());
            if (n >= min) {
                return n;
            }
        } catch (final NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + v + ": expected an integer >= " + min + " (ticks)");
    }

    private Integer outputCommit(final Path trace, final Scratch scratch, final StatusLine status,
                                 final PrintWriter out, final PrintWriter err)
            throws BadLogException, IOException, InterruptedException {
        final Map<String, JsonNode> overrides;
        try {
            overrides = ModelConstants.parse(params);
        } catch (final IllegalArgumentException e) {
            err.println("hac validate: --param " + e.getMessage());
            return Hac.BAD_INPUT;
        }
        final EventLog log = EventLog.read(trace, overrides);
        if (log.droppedLine() > 0) {
            err.println("hac validate: note: dropped the incomplete last line " + log.droppedLine()
                    + " (its writer stopped mid-line, e.g. a killed primary)");
        }
        if (log.fencingSteps() > 0) {
            err.println("hac validate: note: left out " + log.fencingSteps() + " fencing line(s) (witness claims, "
                    + "lease expiries, heals: stuttering steps of OutputCommit; a halt ends the log)");
        }
        final TraceValidator.Verdict v = TraceValidator.validate(log, scratch, status::show);
        status.done();
        final TextTable table = new TextTable("log", "lines", "matched", "states explored", "time", "verdict");
        table.row(trace.getFileName(), log.lines().size(), v.matched(), v.distinctStates(),
                String.format(Locale.ROOT, "%.1f s", v.duration().toMillis() / 1000.0), v.accepted() ? "accepted" : "REJECTED");
        table.print(out);
        if (v.accepted()) {
            out.println("accepted: the " + log.lines().size() + " logged steps are a behaviour of OutputCommit");
            return Hac.OK;
        }
        final EventLog.Line line = v.firstUnmatched();
        out.println("REJECTED: " + trace + ":" + line.lineNo() + ": no step of OutputCommit takes " + line.action()
                + (line.args().size() == 0 ? "" : TlaValueFormatter.format(line.args())) + " to the logged state "
                + "after the " + v.matched() + " lines before it");
        out.println("  logged state:");
        line.state().forEach((name, value) -> out.println("    " + name + " = " + TlaValueFormatter.format(value)));
        return Hac.FAILED;
    }
}
