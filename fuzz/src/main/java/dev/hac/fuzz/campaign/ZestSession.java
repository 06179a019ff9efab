package dev.hac.fuzz.campaign;

import edu.berkeley.cs.jqf.fuzz.junit.GuidedFuzzing;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The part of a campaign that runs inside JQF's instrumenting class loader, next to the instrumented driver,
 * so that the driver's coverage events reach this copy of JQF. {@link Campaign} calls {@link #run} by
 * reflection with JDK types only (the two loaders share nothing else). Excluded from instrumentation.
 */
public final class ZestSession {

    private ZestSession() {
    }

    /**
     * Fuzzes {@code driver#method} for {@code millis}.
     *
     * @return executions, valid executions, coverage, valid coverage, corpus size, unique failures, elapsed ms, CPU ms
     *         of the fuzzing thread
     */
    public static long[] run(final String driver, final String method, final String label, final File out,
                             final File[] seeds, final long millis, final PrintStream status, final boolean tty)
            throws IOException, ClassNotFoundException {
        final Class<?> test = Class.forName(driver, true, ZestSession.class.getClassLoader());
        final StatusGuidance guidance = new StatusGuidance(label, Duration.ofMillis(millis), out, seeds, status, tty);
        GuidedFuzzing.run(test, method, guidance, new PrintStream(OutputStream.nullOutputStream()));
        guidance.finish();
        return guidance.figures();
    }
}
