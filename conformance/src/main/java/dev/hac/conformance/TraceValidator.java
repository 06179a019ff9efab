package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.spec.Scratch;
import dev.hac.spec.TlcLauncher;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trace validation: asks TLC whether an {@link EventLog} is a behaviour of OutputCommit, or a fenced pair's
 * logs ({@link FencedTrace}) a behaviour of Fencing ({@code TraceFencing}, module {@code MCTraceFencing} written by
 * {@link FencedModule}).
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
    private static final String FENCED_MODULE = "MCTraceFencing";
    private static final Pattern MATCHED = Pattern.compile("<<\"hac:matched\", (\\d+)>>");
    private static final Pattern MATCHED_PAIR =
            Pattern.compile("<<\"hac:matched\", \"([^\"]*)\", (\\d+), \"([^\"]*)\", (\\d+)>>");
    private static final Pattern DISTINCT = Pattern.compile("(\\d+) distinct states? found");
    /** TLC's exit code for a violated invariant. */
    private static final int SAFETY_VIOLATED = 12;

    private TraceValidator() {
    }

    /** Runs TLC on the log in a subdirectory of {@code scratch}. */
    public static Verdict validate(final EventLog log, final Scratch scratch, final Consumer<String> progress)
            throws IOException, InterruptedException {
        final Tlc tlc = run(scratch, List.of("OutputCommit.tla", "TraceOutputCommit.tla"), MODULE,
                file -> writeModule(log, file), config(log.constants()), "OutputCommit", log.source(),
                log.lines().size(), true, progress);
        final int n = tlc.accepted ? log.lines().size() : tlc.matched.get(0);
        return new Verdict(tlc.accepted, n, tlc.accepted ? null : log.lines().get(n), tlc.states, tlc.duration);
    }

    /**
     * TLC's answer on a fenced pair's logs.
     *
     * @param accepted       whether the logs are a behaviour of Fencing
     * @param matched        lines of each host the furthest behaviour matched
     * @param firstUnmatched the next line of each host after that (none for a host whose log was all matched), or
     *                       empty when accepted
     * @param distinctStates states TLC explored
     * @param duration       wall time, TLC included
     */
    public record FencedVerdict(boolean accepted, Map<String, Integer> matched,
                                Map<String, FencedTrace.Line> firstUnmatched, long distinctStates, Duration duration) {
    }

    /** Runs TLC on a fenced pair's logs against {@code TraceFencing.tla}, with {@code timing} (Lease, MaxDrift, MaxPause in ticks). */
    public static FencedVerdict validate(final FencedTrace trace, final FencedTiming timing, final Scratch scratch,
                                         final Consumer<String> progress) throws IOException, InterruptedException {
        final String sources = String.join(", ", trace.lines().values().stream().flatMap(List::stream)
                .map(FencedTrace.Line::source).distinct().toList());
        final Tlc tlc = run(scratch, List.of("Fencing.tla", "TraceFencing.tla"), FENCED_MODULE,
                file -> FencedModule.write(trace, timing, file), FencedModule.config(), "Fencing", sources,
                trace.size(), false, progress);
        final Map<String, Integer> matched = new LinkedHashMap<>();
        final Map<String, FencedTrace.Line> next = new LinkedHashMap<>();
        for (int i = 0; i < trace.hosts().size(); i++) {
            final String h = trace.hosts().get(i);
            final int n = tlc.accepted ? trace.lines().get(h).size() : tlc.matchedOf(h);
            matched.put(h, n);
            if (n < trace.lines().get(h).size()) {
                next.put(h, trace.lines().get(h).get(n));
            }
        }
        return new FencedVerdict(tlc.accepted, matched, next, tlc.states, tlc.duration);
    }

    /** Lease, MaxDrift and MaxPause of Fencing, in ticks: the logs have no clock, so they are the checker's choice. */
    public record FencedTiming(int lease, int maxDrift, int maxPause) {
        public static final FencedTiming DEFAULT = new FencedTiming(1, 0, 0);
    }

    /** Writes a generated module to a file. */
    @FunctionalInterface
    interface ModuleWriter {
        void write(Path file) throws IOException;
    }

    /** What TLC said: accepted, or the furthest report of {@code ReportMatched}. */
    private record Tlc(boolean accepted, List<Integer> matched, List<String> hosts, long states, Duration duration) {
        int matchedOf(final String host) {
            final int i = hosts.indexOf(host);
            return i < 0 ? 0 : matched.get(i);
        }
    }

    private static Tlc run(final Scratch scratch, final List<String> modules, final String module,
                           final ModuleWriter writer, final String cfgText, final String spec, final String source,
                           final int lines, final boolean byInvariant, final Consumer<String> progress)
            throws IOException, InterruptedException {
        final long start = System.nanoTime();
        final Path dir = scratch.dir("validate");
        for (final String m : modules) {
            try (InputStream in = TraceValidator.class.getResourceAsStream("/tla/" + m)) {
                if (in == null) {
                    throw new IOException("tla/" + m + " is missing from the class path (the hac-spec jar)");
                }
                Files.copy(in, dir.resolve(m), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        writer.write(dir.resolve(module + ".tla"));
        final Path cfg = Files.writeString(dir.resolve(module + ".cfg"), cfgText);
        progress.accept("TLC: matching " + lines + " lines of " + source + " against " + spec);
        final List<Integer> matched = new ArrayList<>(List.of(0));
        final List<String> hosts = new ArrayList<>();
        final List<String> output = new ArrayList<>();
        final int exitCode;
        final TlcLauncher.Output out = new TlcLauncher.Output() {
            @Override
            public void stdout(final String line) {
                output.add(line);
                final Matcher m = MATCHED.matcher(line);
                if (m.find()) {
                    matched.set(0, Math.max(matched.get(0), Integer.parseInt(m.group(1))));
                    progress.accept("TLC: matched " + matched.get(0) + " of " + lines + " lines");
                    return;
                }
                final Matcher f = MATCHED_PAIR.matcher(line);
                if (f.find()) {
                    hosts.clear();
                    hosts.addAll(List.of(f.group(1), f.group(3)));
                    matched.clear();
                    matched.addAll(List.of(Integer.parseInt(f.group(2)), Integer.parseInt(f.group(4))));
                    progress.accept("TLC: matched " + (matched.get(0) + matched.get(1)) + " of " + lines + " lines");
                }
            }

            @Override
            public void stderr(final String line) {
                output.add(line);
            }
        };
        try (TlcLauncher.Run tlc = TlcLauncher.of(TlcLauncher.Program.MODEL_CHECKER).start(dir, scratch.dir("tlc"),
                List.of("-workers", "1", "-config", cfg.toString(), module + ".tla"), out)) {
            exitCode = tlc.waitFor();
        }
        final String text = String.join("\n", output);
        // TraceOutputCommit reports acceptance as a violation of TraceNotAccepted, TraceFencing by its report alone.
        final boolean accepted = byInvariant ? exitCode == SAFETY_VIOLATED && text.contains("TraceNotAccepted")
                : exitCode == 0 && matched.stream().mapToInt(Integer::intValue).sum() == lines;
        if (!accepted && exitCode != 0) {
            throw new IOException("TLC failed on the generated trace module (exit " + exitCode + "):\n"
                    + String.join("\n", output.subList(Math.max(0, output.size() - 25), output.size())));
        }
        final Matcher distinct = DISTINCT.matcher(text);
        long states = 0;
        while (distinct.find()) {
            states = Long.parseLong(distinct.group(1));
        }
        return new Tlc(accepted, matched, hosts, states, Duration.ofNanos(System.nanoTime() - start));
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
