package dev.hac.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.conformance.StepArguments;
import dev.hac.spec.CheckResult;
import dev.hac.spec.Counterexample;
import dev.hac.spec.Outcome;
import dev.hac.spec.PropertyResult;
import dev.hac.spec.TraceState;
import dev.hac.spec.itf.ItfWriter;
import dev.hac.vocabulary.TlaValueFormatter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Prints a {@link CheckResult} for people: summary, per-property table, counterexample; saves it as ITF. */
final class ModelCheckReport {

    /** Default directory for counterexample traces, relative to the working directory. */
    static final Path DEFAULT_OUT = Path.of("target", "hac", "counterexamples");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private ModelCheckReport() {
    }

    /** The exit code of docs/DESIGN.md §5 for a result. */
    static int exitCode(final CheckResult r) {
        return switch (r.outcome()) {
            case PASS -> Hac.OK;
            case ERROR -> Hac.BAD_INPUT;
            default -> Hac.FAILED;
        };
    }

    /** One line: outcome, the property, state counts, time. */
    static String summary(final CheckResult r) {
        final String what = switch (r.outcome()) {
            case PASS -> "PASS";
            case ERROR -> "ERROR";
            case DEADLOCK -> "DEADLOCK";
            default -> r.propertyKind() + " " + Objects.requireNonNullElse(r.property(), "?") + " VIOLATED";
        };
        return String.format("%s: %s  (%,d distinct states, %,d generated, depth %d, %.1f s)", r.model(), what,
                r.distinctStates(), r.statesGenerated(), r.depth(), r.duration().toMillis() / 1000.0);
    }

    /**
     * Prints the result; on a violation saves the counterexample under {@code outDir}.
     * Returns the exit code.
     */
    static int print(final CheckResult r, final PrintWriter out, final PrintWriter err, final Path outDir) {
        if (r.outcome() == Outcome.ERROR) {
            err.println("hac check: " + (r.errorLocation() == null ? r.model() : r.errorLocation()) + ": TLC could not "
                    + "check the model:");
            r.message().lines().forEach(l -> err.println("  " + l));
            err.flush();
            return exitCode(r);
        }
        out.println(summary(r));
        final TextTable table = new TextTable("property", "kind", "result");
        for (final PropertyResult p : r.properties()) {
            table.row(p.name(), p.kind(), p.status());
        }
        table.print(out);
        if (r.counterexample() != null) {
            out.println();
            printCounterexample(r, out);
            try {
                final Path file = outDir.resolve(r.model() + "_" + Objects.requireNonNullElse(r.property(),
                        r.outcome().name().toLowerCase(java.util.Locale.ROOT)) + "_"
                        + LocalDateTime.now().format(STAMP) + ".itf.json");
                ItfWriter.write(StepArguments.withPicks(r.toItf()), file);
                out.println("Counterexample saved as ITF: " + file);
            } catch (final IOException e) {
                err.println("hac check: cannot save the counterexample under " + outDir + ": " + e.getMessage());
            }
        }
        out.flush();
        return exitCode(r);
    }

    /** One block per step: step number, action and location, then only the variables that changed. */
    static void printCounterexample(final CheckResult r, final PrintWriter out) {
        final Counterexample cex = r.counterexample();
        final List<TraceState> states = cex.states();
        out.printf("Counterexample (%d states%s):%n", states.size(), cex.isLasso() ? ", a lasso" : "");
        Map<String, JsonNode> previous = Map.of();
        for (int i = 0; i < states.size(); i++) {
            final TraceState s = states.get(i);
            out.printf("  step %d: %s%s%s%n", i, s.isInitial() ? "initial state" : s.action(),
                    s.location().isEmpty() ? "" : "   (" + s.location() + ")",
                    cex.isLasso() && cex.loopIndex() == i ? "   <- the loop starts here" : "");
            boolean changed = false;
            for (final Map.Entry<String, JsonNode> v : s.variables().entrySet()) {
                if (!v.getValue().equals(previous.get(v.getKey()))) {
                    out.println("      " + v.getKey() + " = " + TlaValueFormatter.format(v.getValue(), r.modelValues()));
                    changed = true;
                }
            }
            if (!changed) {
                out.println("      (no variable changed)");
            }
            previous = s.variables();
        }
        if (cex.isLasso()) {
            if (Counterexample.STUTTERING.equals(cex.loopAction())) {
                out.printf("  then: the behaviour stutters in step %d forever%n", states.size() - 1);
            } else {
                out.printf("  then: %s leads back to step %d, and the loop repeats forever%n", cex.loopAction(),
                        cex.loopIndex());
            }
        }
    }
}
