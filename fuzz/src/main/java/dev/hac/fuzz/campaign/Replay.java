package dev.hac.fuzz.campaign;

import dev.hac.fuzz.FuzzTarget;
import edu.berkeley.cs.jqf.fuzz.junit.GuidedFuzzing;
import edu.berkeley.cs.jqf.fuzz.random.NoGuidance;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.runner.Result;
import org.junit.runner.notification.Failure;
import org.junit.runners.model.MultipleFailureException;

/**
 * Runs a driver outside a campaign, uninstrumented: over saved inputs ({@link ReplayGuidance}, what {@code hac
 * fuzz --repro} and the build's corpus replay use) or over unguided random inputs ({@link NoGuidance}, the
 * build's bounded random trials).
 */
public final class Replay {

    private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());

    /**
     * @param results  one line per saved input or random trial, {@code name: RESULT}
     * @param failures the stack trace of every failure; empty when every input passed
     */
    public record Outcome(List<String> results, List<String> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    private Replay() {
    }

    /** Replays the given generator-input files through the target's driver. */
    public static Outcome inputs(final FuzzTarget target, final List<Path> files) {
        return inputs(target.driver(), target.method(), files);
    }

    /** Replays the files through any {@code @Fuzz} method (the targets' drivers, or a test's). */
    static Outcome inputs(final Class<?> driver, final String method, final List<Path> files) {
        final ReplayGuidance guidance = new ReplayGuidance(files);
        final Result junit = GuidedFuzzing.run(driver, method, guidance, SILENT);
        final List<String> results = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        for (final ReplayGuidance.Run run : guidance.runs()) {
            results.add(run.input().getFileName() + ": " + run.result());
            if (run.error() != null) {
                failures.add(run.input().getFileName() + ": " + stackTrace(run.error()));
            }
        }
        if (failures.isEmpty()) {
            failures.addAll(failures(junit));
        }
        return new Outcome(results, failures);
    }

    /** Runs {@code trials} unguided random inputs; each result is named {@code trial N}. */
    public static Outcome random(final FuzzTarget target, final long trials) {
        final List<String> results = new ArrayList<>();
        final NoGuidance guidance = new NoGuidance(trials, SILENT) {
            @Override
            public void handleResult(final edu.berkeley.cs.jqf.fuzz.guidance.Result result, final Throwable error) {
                results.add("trial " + (results.size() + 1) + ": " + result);
                super.handleResult(result, error);
            }
        };
        return new Outcome(results, failures(GuidedFuzzing.run(target.driver(), target.method(), guidance, SILENT)));
    }

    /** The failures JUnit saw (JQF collects a run's failures into one MultipleFailureException). */
    private static List<String> failures(final Result result) {
        final List<String> traces = new ArrayList<>();
        for (final Failure f : result.getFailures()) {
            final List<Throwable> each = f.getException() instanceof MultipleFailureException m
                    ? m.getFailures() : List.of(f.getException());
            each.forEach(t -> traces.add(stackTrace(t)));
        }
        return traces;
    }

    static String stackTrace(final Throwable t) {
        final StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
