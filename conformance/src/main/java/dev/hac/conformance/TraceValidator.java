package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.spec.Scratch;
import dev.hac.vocabulary.Constant;
import dev.hac.vocabulary.ItfValues;
import dev.hac.vocabulary.TlaValueFormatter;
import dev.hac.vocabulary.Variable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trace validation: asks TLC whether an {@link EventLog} is a behaviour of OutputCommit.
 * The log becomes a TLA+ module ({@code MCTraceLog}) extending {@code TraceOutputCommit}
 * (spec/tla), with the lines as a constant sequence; TLC explores the behaviours that
 * match the lines one by one. A match of every line is reported by TLC as a violation of
 * {@code TraceNotAccepted} (accepted); otherwise the longest prefix any behaviour
 * matched, which the spec prints as it grows, names the first line no step can match.
 */
public final class TraceValidator {

    /**
     * TLC's answer.
     *
     * @param accepted       whether the log is a behaviour of the spec
     * @param matched        how many lines the longest matching behaviour covers
     * @param firstUnmatched the first line no spec step can match, or null when accepted
     * @param distinctStates states TLC explored
     * @param duration       wall time, TLC included
     */
    public record Verdict(boolean accepted, int matched, EventLog.Line firstUnmatched, long distinctStates,
                          Duration duration) {
    }

    private static final String MODULE = "MCTraceLog";
    private static final Pattern MATCHED = Pattern.compile("<<\"hac:matched\", (\\d+)>>");
    private static final Pattern DISTINCT = Pattern.compile("(\\d+) distinct states? found");
    /** TLC's exit code for a violated invariant. */
    private static final int SAFETY_VIOLATED = 12;

    private TraceValidator() {
    }

    /** Runs TLC on the log in a subdirectory of {@code scratch}. */
    public static Verdict validate(final EventLog log, final Scratch scratch, final Consumer<String> progress)
            throws IOException, InterruptedException {
        final long start = System.nanoTime();
        final Path dir = scratch.dir("validate");
        for (final String module : List.of("OutputCommit.tla", "TraceOutputCommit.tla")) {
            try (InputStream in = TraceValidator.class.getResourceAsStream("/tla/" + module)) {
                if (in == null) {
                    throw new IOException("tla/" + module + " is missing from the class path (the hac-spec jar)");
                }
                Files.copy(in, dir.resolve(module), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        writeModule(log, dir.resolve(MODULE + ".tla"));
        final Path cfg = Files.writeString(dir.resolve(MODULE + ".cfg"), config(log.constants()));
        progress.accept("TLC: matching " + log.lines().size() + " lines of " + log.source() + " against OutputCommit");
        final int[] matched = {0};
        final TlcProcess.Result run = TlcProcess.run(dir, MODULE + ".tla", cfg, List.of(), scratch, line -> {
            final Matcher m = MATCHED.matcher(line);
            if (m.find()) {
                matched[0] = Math.max(matched[0], Integer.parseInt(m.group(1)));
                progress.accept("TLC: matched " + matched[0] + " of " + log.lines().size() + " lines");
            }
        });
        final boolean accepted = run.exitCode() == SAFETY_VIOLATED && run.text().contains("TraceNotAccepted");
        if (!accepted && run.exitCode() != 0) {
            throw new IOException("TLC failed on the generated trace module (exit " + run.exitCode() + "):\n"
                    + String.join("\n", run.output().subList(Math.max(0, run.output().size() - 25), run.output().size())));
        }
        final Matcher distinct = DISTINCT.matcher(run.text());
        long states = 0;
        while (distinct.find()) {
            states = Long.parseLong(distinct.group(1));
        }
        final int n = accepted ? log.lines().size() : matched[0];
        return new Verdict(accepted, n, accepted ? null : log.lines().get(n), states,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** The TLC configuration: the log's constants, the trace spec, the acceptance invariant. */
    static String config(final ModelConstants c) {
        return "\\* Trace validation of an implementation log; written by hac validate.\n"
                + "CONSTANTS\n"
                + "    CkptVMs <- LogCkptVMs\n    PlainVMs <- LogPlainVMs\n    Cap <- LogCap\n"
                + "    Policy <- LogPolicy\n    K <- LogK\n    Overflow <- LogOverflow\n    TraceLog <- Log\n"
                + "INIT TraceInit\nNEXT TraceNext\nCONSTRAINT ReportMatched\nINVARIANT TraceNotAccepted\n"
                + "CHECK_DEADLOCK FALSE\n";
    }

    /**
     * Writes the log as a TLA+ module. Each line is a record {@code [action, args, state]}.
     * The wire only grows, so each line's wire is written as a prefix of the longest
     * logged wire ({@code LogWire}) plus whatever differs, keeping the module linear in
     * the log's length instead of quadratic.
     */
    static void writeModule(final EventLog log, final Path file) throws IOException {
        final ModelConstants c = log.constants();
        JsonNode longest = null;
        for (final EventLog.Line line : log.lines()) {
            final JsonNode w = line.state().get(Variable.WIRE.id());
            if (w != null && (longest == null || w.size() >= longest.size())) {
                longest = w;
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("---- MODULE " + MODULE + " ----\n");
            out.write("\\* " + log.source() + " as a TLA+ value, written by hac validate.\n");
            out.write("EXTENDS TraceOutputCommit\n\n");
            out.write("LogCkptVMs == " + TlaValueFormatter.format(c.all().get(Constant.CKPT_VMS.id())) + "\n");
            out.write("LogPlainVMs == " + TlaValueFormatter.format(c.all().get(Constant.PLAIN_VMS.id())) + "\n");
            out.write("LogCap == " + c.cap() + "\nLogPolicy == \"" + c.policy() + "\"\nLogK == " + c.k()
                    + "\nLogOverflow == \"" + c.overflow() + "\"\n\n");
            out.write("LogWire == " + (longest == null ? "<<>>" : TlaValueFormatter.format(longest)) + "\n\n");
            out.write("LogLines == <<\n");
            for (int i = 0; i < log.lines().size(); i++) {
                final EventLog.Line line = log.lines().get(i);
                out.write("  \\* line " + line.lineNo() + "\n  [action |-> \"" + line.action() + "\", args |-> "
                        + record(line.args()) + ", state |-> " + state(line.state(), longest) + "]");
                out.write(i + 1 < log.lines().size() ? ",\n" : "\n");
            }
            out.write(">>\n\n");
            // Evaluated once: without TLCEval TLC rebuilds the whole sequence at every step (34 s instead
            // of 5 s for a 633-line live log).
            out.write("Log == TLCEval(LogLines)\n====\n");
        }
    }

    private static String state(final Map<String, JsonNode> state, final JsonNode longest) {
        if (state.isEmpty()) {
            return "<<>>";
        }
        final StringBuilder s = new StringBuilder("[");
        for (final Map.Entry<String, JsonNode> v : state.entrySet()) {
            if (s.length() > 1) {
                s.append(", ");
            }
            s.append(v.getKey()).append(" |-> ");
            s.append(Variable.WIRE.id().equals(v.getKey()) ? wire(v.getValue(), longest) : TlaValueFormatter.format(v.getValue()));
        }
        return s.append(']').toString();
    }

    private static String wire(final JsonNode w, final JsonNode longest) {
        int prefix = 0;
        while (prefix < w.size() && prefix < longest.size() && ItfValues.same(w.get(prefix), longest.get(prefix))) {
            prefix++;
        }
        if (prefix == 0) {
            return TlaValueFormatter.format(w);
        }
        final StringBuilder rest = new StringBuilder();
        for (int i = prefix; i < w.size(); i++) {
            rest.append(rest.length() == 0 ? "" : ", ").append(TlaValueFormatter.format(w.get(i)));
        }
        return "SubSeq(LogWire, 1, " + prefix + ")" + (rest.length() == 0 ? "" : " \\o <<" + rest + ">>");
    }

    private static String record(final JsonNode args) {
        return args.size() == 0 ? "<<>>" : TlaValueFormatter.format(args);
    }
}
