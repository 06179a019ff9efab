package dev.hac.fuzz.campaign;

import dev.hac.fuzz.FuzzTarget;
import edu.berkeley.cs.jqf.fuzz.junit.GuidedFuzzing;
import edu.berkeley.cs.jqf.fuzz.random.NoGuidance;
import edu.berkeley.cs.jqf.fuzz.repro.ReproGuidance;
import java.io.File;
import java.io.IOException;
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
 * Runs a driver outside a campaign, uninstrumented: over saved inputs ({@link ReproGuidance}, what {@code hac fuzz
 * --repro} and the build's corpus replay use) or over unguided random inputs ({@link NoGuidance}, the build's
 * bounded random trials).
 */
public final class Replay {

    private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());

    /** The failures of one run, each with its stack trace; empty when every input passed. */
    public record Outcome(int inputs, List<String> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    private Replay() {
    }

    /** Replays the given generator-input files through the target's driver. */
    public static Outcome inputs(final FuzzTarget target, final List<Path> files) throws IOException {
        final File[] inputs = files.stream().map(Path::toFile).toArray(File[]::new);
        final ReproGuidance guidance = new ReproGuidance(inputs, null);
        return outcome(inputs.length, GuidedFuzzing.run(target.driver(), target.method(), guidance, SILENT));
    }

    /** Runs {@code trials} unguided random inputs. */
    public static Outcome random(final FuzzTarget target, final long trials) {
        return outcome((int) trials, GuidedFuzzing.run(target.driver(), target.method(), new NoGuidance(trials, SILENT), SILENT));
    }

    private static Outcome outcome(final int inputs, final Result result) {
        final List<String> traces = new ArrayList<>();
        for (final Failure f : result.getFailures()) {
            final List<Throwable> each = f.getException() instanceof MultipleFailureException m
                    ? m.getFailures() : List.of(f.getException());
            each.forEach(t -> traces.add(stackTrace(t)));
        }
        return new Outcome(inputs, traces);
    }

    static String stackTrace(final Throwable t) {
        final StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
