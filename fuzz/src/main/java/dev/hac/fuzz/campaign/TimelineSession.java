package dev.hac.fuzz.campaign;

import edu.berkeley.cs.jqf.fuzz.junit.GuidedFuzzing;
import edu.berkeley.cs.jqf.fuzz.util.FastNonCollidingCoverage;
import edu.berkeley.cs.jqf.instrument.tracing.FastCoverageSnoop;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The part of {@link CoverageTimeline} that runs inside JQF's instrumenting class loader: replays inputs in order
 * and counts the branches of the code under test covered by the inputs so far, after each one. Called by
 * reflection with JDK types only. Excluded from instrumentation.
 */
public final class TimelineSession {

    private TimelineSession() {
    }

    /** @return for each input, the branches covered by it and every input before it */
    public static long[] run(final String driver, final String method, final String[] inputs)
            throws ClassNotFoundException {
        final Class<?> test = Class.forName(driver, true, TimelineSession.class.getClassLoader());
        final Cumulative guidance = new Cumulative(Arrays.stream(inputs).map(Path::of).toList());
        FastCoverageSnoop.setFastCoverageListener(guidance.run);
        GuidedFuzzing.run(test, method, guidance, new PrintStream(OutputStream.nullOutputStream()));
        guidance.fold();
        return guidance.counts;
    }

    /** Folds each input's coverage into the total when the next input is asked for, and after the last. */
    private static final class Cumulative extends ReplayGuidance {
        private final FastNonCollidingCoverage run = new FastNonCollidingCoverage();
        private final FastNonCollidingCoverage total = new FastNonCollidingCoverage();
        private final long[] counts;
        private int served;

        Cumulative(final List<Path> inputs) {
            super(inputs);
            this.counts = new long[inputs.size()];
        }

        @Override
        public InputStream getInput() {
            fold();
            served++;
            return super.getInput();
        }

        void fold() {
            if (served > 0) {
                total.updateBits(run);
                run.clear();
                counts[served - 1] = total.getNonZeroCount();
            }
        }
    }
}
