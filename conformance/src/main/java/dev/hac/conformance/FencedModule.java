package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.vocabulary.ItfValues;
import dev.hac.vocabulary.TlaValueFormatter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a {@link FencedTrace} as the TLA+ module {@code MCTraceFencing} extending {@code spec/tla/TraceFencing.tla},
 * each host's lines a constant sequence, and its TLC configuration.
 */
final class FencedModule {

    private FencedModule() {
    }

    static String config() {
        return "\\* Trace validation of a fenced pair's logs; written by hac validate.\n"
                + "CONSTANTS\n"
                + "    Hosts <- LogHosts\n    FirstPrimary <- LogFirstPrimary\n    NoOwner <- LogNoOwner\n"
                + "    CkptVMs <- LogCkptVMs\n    Cap <- LogCap\n    Lease <- LogLease\n    MaxDrift <- LogMaxDrift\n"
                + "    MaxPause <- LogMaxPause\n    TraceLogs <- TheLogs\n"
                + "INIT TraceInit\nNEXT TraceNext\nCONSTRAINT ReportMatched\n"
                + "CHECK_DEADLOCK FALSE\n";
    }

    static void write(final FencedTrace trace, final TraceValidator.FencedTiming timing, final Path file)
            throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("---- MODULE MCTraceFencing ----\n");
            out.write("\\* A fenced pair's event logs as TLA+ values, written by hac validate.\n");
            out.write("EXTENDS TraceFencing\n\n");
            out.write("LogHosts == " + TlaValueFormatter.format(ItfValues.stringSet(trace.hosts())) + "\n");
            out.write("LogFirstPrimary == " + string(trace.hosts().get(0)) + "\n");
            out.write("LogNoOwner == " + string(FencedTrace.NO_OWNER) + "\n");
            out.write("LogCkptVMs == " + TlaValueFormatter.format(ItfValues.stringSet(trace.ckptVms())) + "\n");
            out.write("LogCap == " + trace.cap() + "\nLogLease == " + timing.lease() + "\nLogMaxDrift == "
                    + timing.maxDrift() + "\nLogMaxPause == " + timing.maxPause() + "\n\n");
            final List<String> hosts = trace.hosts();
            for (int h = 0; h < hosts.size(); h++) {
                out.write("Lines" + h + " == <<\n");
                final List<FencedTrace.Line> lines = trace.lines().get(hosts.get(h));
                for (int i = 0; i < lines.size(); i++) {
                    final FencedTrace.Line l = lines.get(i);
                    out.write("  \\* " + l.source() + ":" + l.lineNo() + "\n  [action |-> " + string(l.action())
                            + ", args |-> " + value(l.args()) + ", state |-> " + value(l.state()) + ", check |-> "
                            + (l.check() ? "TRUE" : "FALSE") + ", after |-> " + l.after() + "]");
                    out.write(i + 1 < lines.size() ? ",\n" : "\n");
                }
                out.write(">>\n\n");
            }
            // Evaluated once: without TLCEval TLC rebuilds the sequences at every step.
            out.write("TheLogs == TLCEval((" + string(hosts.get(0)) + " :> Lines0) @@ (" + string(hosts.get(1))
                    + " :> Lines1))\n====\n");
        }
    }

    private static String value(final JsonNode v) {
        return v.size() == 0 ? "<<>>" : TlaValueFormatter.format(v);
    }

    private static String string(final String s) {
        return TlaValueFormatter.format(com.fasterxml.jackson.databind.node.TextNode.valueOf(s));
    }
}
