package dev.hac.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.conformance.EventLog;
import dev.hac.conformance.ModelConstants;
import dev.hac.conformance.TraceValidator;
import dev.hac.spec.Scratch;
import dev.hac.vocabulary.BadLogException;
import dev.hac.vocabulary.TlaValueFormatter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Trace validation: TLC decides whether an implementation's event log (NDJSON, one line per "
                + "abstract action with its arguments and the resulting variables; see conformance/ADAPTERS.md) is a "
                + "behaviour of the spec, and names the first line no spec step can match.",
                "Exit codes: 0 accepted, 1 rejected, 2 bad input (the message names the line and field)."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--trace", required = true, paramLabel = "FILE.ndjson", description = "The event log.")
    Path trace;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A constant the log's header does not give, "
            + "as a TLA+ value: --param Cap=4 --param Policy=strict --param CkptVMs={c1,c2}.")
    Map<String, String> params = new LinkedHashMap<>();

    @Mixin
    ConformCommand.ScratchRoot scratchRoot;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(trace)) {
            err.println("hac validate: " + trace + ": no such file");
            return Hac.BAD_INPUT;
        }
        final Map<String, JsonNode> overrides;
        try {
            overrides = ModelConstants.parse(params);
        } catch (final IllegalArgumentException e) {
            err.println("hac validate: --param " + e.getMessage());
            return Hac.BAD_INPUT;
        }
        final ConformCommand.StatusLine status = new ConformCommand.StatusLine(err, System.console() != null);
        try (Scratch scratch = Scratch.create(scratchRoot.root, "validate")) {
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
        } catch (final BadLogException | IOException | InterruptedException e) {
            return status.failed("hac validate", e);
        }
    }
}
