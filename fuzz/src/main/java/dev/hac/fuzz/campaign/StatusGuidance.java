package dev.hac.fuzz.campaign;

import edu.berkeley.cs.jqf.fuzz.ei.ZestGuidance;
import edu.berkeley.cs.jqf.fuzz.guidance.GuidanceException;
import edu.berkeley.cs.jqf.fuzz.guidance.Result;
import edu.berkeley.cs.jqf.fuzz.guidance.TimeoutException;
import edu.berkeley.cs.jqf.instrument.tracing.FastCoverageSnoop;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.runners.model.FrameworkMethod;
import org.junit.runners.model.TestClass;

/**
 * Zest with the status line and failure reports {@code hac fuzz} needs. Zest draws its own screen only on a
 * console; this prints one line (executions, execs/s, coverage, corpus, unique failures) every few seconds on
 * any stream, redrawn in place on a terminal. Each new unique failure gets its stack trace written next to the
 * input Zest saves ({@code failures/id_NNNNNN.trace.txt}). A run longer than {@code jqf.ei.TIMEOUT} is cut
 * short and saved as a failure (see {@link RunCoverage}). Coverage is counted in {@link ArrayCoverage}; each
 * trial calls the driver directly (see {@link #run}).
 */
public final class StatusGuidance extends ZestGuidance {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String label;
    private final PrintStream status;
    private final boolean tty;
    private final long periodMillis;
    private long lastPrint;
    /** The fuzzing thread's CPU time when the current run began, -1 between runs; read by {@link RunCoverage}. */
    private long runStartCpuNanos = -1;
    /** CPU time of the fuzzing thread at the start: on a shared machine, executions per CPU second say more. */
    private final long cpuStartNanos = THREADS.getCurrentThreadCpuTime();
    /** Whether the driver class has no JUnit rules or before/after methods; known at the first trial. */
    private Boolean plainDriver;

    public StatusGuidance(final String label, final Duration duration, final File outputDirectory, final File[] seeds,
                          final PrintStream status, final boolean tty) throws IOException {
        super(label, duration, null, outputDirectory, seeds, new Random());
        this.label = label;
        this.status = status;
        this.tty = tty;
        this.periodMillis = tty ? 500 : 5000;
        final RunCoverage run = new RunCoverage();
        runCoverage = run;
        totalCoverage = new ArrayCoverage();
        validCoverage = new ArrayCoverage();
        FastCoverageSnoop.setFastCoverageListener(run);
    }

    /**
     * The coverage of one run, and the hang check. JQF 2.1 checks {@code jqf.ei.TIMEOUT} only in
     * {@code handleEvent}, which the fast coverage instrumentation bypasses (its probes call the coverage listener
     * directly), so without this a hanging input stalls the campaign. Every 16,384th probe of a run reads the
     * fuzzing thread's CPU clock: every 1024th cost a tenth of the replication target's time, and a hanging loop
     * still passes 16,384 probes in well under a millisecond. CPU time, not wall time: on a machine shared with
     * other jobs a run that waited for a core was saved as a hang (a replication input that replays in
     * milliseconds, cut at 5.3 s of wall time under a load of 30). The run's start is this class's own:
     * ZestGuidance leaves its {@code runStart} unset for seed and fresh inputs, so a check based on it missed a
     * hang on a campaign's first inputs. Method ends are no probe (JQF counts none for them) and need no check:
     * every loop that can hang takes a branch.
     */
    private final class RunCoverage extends ArrayCoverage {
        private int probes;

        private void tick() {
            if ((++probes & 0x3fff) == 0 && singleRunTimeoutMillis > 0 && runStartCpuNanos >= 0) {
                final long elapsedMillis = (THREADS.getCurrentThreadCpuTime() - runStartCpuNanos) / 1_000_000;
                if (elapsedMillis > singleRunTimeoutMillis) {
                    throw new TimeoutException(elapsedMillis, singleRunTimeoutMillis);
                }
            }
        }

        @Override
        public void logMethodBegin(final int iid) {
            super.logMethodBegin(iid);
            tick();
        }

        @Override
        public void logJump(final int iid, final int branch) {
            super.logJump(iid, branch);
            tick();
        }

        @Override
        public void logLookUpSwitch(final int value, final int iid, final int dflt, final int[] cases) {
            super.logLookUpSwitch(value, iid, dflt, cases);
            tick();
        }

        @Override
        public void logTableSwitch(final int value, final int iid, final int min, final int max, final int dflt) {
            super.logTableSwitch(value, iid, min, max, dflt);
            tick();
        }
    }

    @Override
    protected void displayStats(final boolean force) {
        final long now = System.currentTimeMillis();
        if (!force && now - lastPrint < periodMillis) {
            return;
        }
        lastPrint = now;
        appendPlotData(now);
        final String line = statusLine(now);
        if (tty) {
            status.print("\r" + line + "   ");
        } else {
            status.println(line);
        }
        status.flush();
    }

    /**
     * One row of {@code plot_data} in JQF's own columns: ZestGuidance writes them from the {@code displayStats} this
     * class replaces, so without this the file would hold its header only.
     */
    private void appendPlotData(final long now) {
        final int covered = totalCoverage.getNonZeroCount();
        final int validCovered = validCoverage.getNonZeroCount();
        appendLineToFile(statsFile, String.format(Locale.ROOT,
                "%d, %d, %d, %d, %d, %d, %.2f%%, %d, %d, %d, %.2f, %d, %d, %.2f%%, %d, %d",
                now / 1000, cyclesCompleted, currentParentInputIdx, numSavedInputs, 0, 0,
                covered * 100.0 / totalCoverage.size(), uniqueFailures.size(), 0, 0,
                numTrials * 1000.0 / Math.max(1, now - startTime.getTime()), numValid, numTrials - numValid,
                validCovered * 100.0 / validCoverage.size(), covered, validCovered));
    }

    private String statusLine(final long now) {
        final long elapsed = Math.max(1, now - startTime.getTime());
        return String.format("[%s] %3ds  %,d execs  %,d/s (%,d per CPU s)  coverage %,d branches (valid %,d)  corpus %d"
                        + "  failures %d", label, elapsed / 1000, numTrials, numTrials * 1000 / elapsed,
                numTrials * 1000 / Math.max(1, cpuMillis()), totalCoverage.getNonZeroCount(),
                validCoverage.getNonZeroCount(), savedInputs.size(), uniqueFailures.size());
    }

    /**
     * One trial: the driver method on a fresh instance of its class, as JUnit would run it, without building a JUnit
     * runner for every trial (JQF's default builds a {@code BlockJUnit4ClassRunner}, which validates the whole class
     * each time). The drivers are plain {@code @Fuzz} methods; a class with rules or before/after methods gets
     * JUnit's runner as before.
     */
    @Override
    public void run(final TestClass testClass, final FrameworkMethod method, final Object[] args) throws Throwable {
        if (plainDriver == null) {
            plainDriver = testClass.getAnnotatedMethods(Before.class).isEmpty()
                    && testClass.getAnnotatedMethods(After.class).isEmpty()
                    && testClass.getAnnotatedMethods(Rule.class).isEmpty()
                    && testClass.getAnnotatedFields(Rule.class).isEmpty();
        }
        if (plainDriver) {
            method.invokeExplosively(testClass.getOnlyConstructor().newInstance(), args);
        } else {
            super.run(testClass, method, args);
        }
    }

    /**
     * Zest writes every mutated input to {@code .cur_input} before running it, for finding the input that killed
     * the JVM; campaigns run in-process and a failing or hanging input is saved under {@code failures/} as it
     * happens, so that file write per execution (an open, a boxed byte-by-byte copy and a close) is skipped.
     */
    @Override
    protected void writeCurrentInputToFile(final File saveFile) throws IOException {
        if (!saveFile.equals(currentInputFile)) {
            super.writeCurrentInputToFile(saveFile);
        }
    }

    @Override
    public InputStream getInput() throws GuidanceException {
        final InputStream input = super.getInput();
        runStartCpuNanos = THREADS.getCurrentThreadCpuTime();
        return input;
    }

    @Override
    public void handleResult(final Result result, final Throwable error) throws GuidanceException {
        runStartCpuNanos = -1;
        final int known = uniqueFailures.size();
        super.handleResult(result, error);
        if (uniqueFailures.size() > known && error != null) {
            final File trace = new File(savedFailuresDirectory, String.format("id_%06d.trace.txt", known));
            try {
                Files.writeString(trace.toPath(), Replay.stackTrace(error), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new GuidanceException(e);
            }
            if (tty) {
                status.println();
            }
            status.println("[" + label + "] new failure " + trace.getName() + ": " + error);
        }
    }

    /** Prints the final status line (ending the in-place line on a terminal). */
    void finish() {
        displayStats(true);
        if (tty) {
            status.println();
        }
    }

    long[] figures() {
        final long elapsed = Math.max(1, System.currentTimeMillis() - startTime.getTime());
        return new long[] {numTrials, numValid, totalCoverage.getNonZeroCount(), validCoverage.getNonZeroCount(),
                savedInputs.size(), uniqueFailures.size(), elapsed, cpuMillis()};
    }

    /** CPU time the fuzzing thread has used since the campaign started (JIT and GC threads not counted). */
    private long cpuMillis() {
        return (THREADS.getCurrentThreadCpuTime() - cpuStartNanos) / 1_000_000;
    }
}
