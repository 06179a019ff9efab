package dev.hac.fuzz.campaign;

import edu.berkeley.cs.jqf.fuzz.ei.ZestGuidance;
import edu.berkeley.cs.jqf.fuzz.guidance.GuidanceException;
import edu.berkeley.cs.jqf.fuzz.guidance.Result;
import edu.berkeley.cs.jqf.fuzz.guidance.TimeoutException;
import edu.berkeley.cs.jqf.instrument.tracing.FastCoverageSnoop;
import janala.instrument.FastCoverageListener;
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

/**
 * Zest with the status line and failure reports {@code hac fuzz} needs. Zest draws its own screen only on a
 * console; this prints one line (executions, execs/s, coverage, corpus, unique failures) every few seconds on
 * any stream, redrawn in place on a terminal. Each new unique failure gets its stack trace written next to the
 * input Zest saves ({@code failures/id_NNNNNN.trace.txt}). A run longer than {@code jqf.ei.TIMEOUT} is cut
 * short and saved as a failure (see {@link HangCheck}).
 */
public final class StatusGuidance extends ZestGuidance {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String label;
    private final PrintStream status;
    private final boolean tty;
    private final long periodMillis;
    private long lastPrint;
    /** The fuzzing thread's CPU time when the current run began, -1 between runs; read by {@link HangCheck}. */
    private long runStartCpuNanos = -1;
    /** CPU time of the fuzzing thread at the start: on a shared machine, executions per CPU second say more. */
    private final long cpuStartNanos = THREADS.getCurrentThreadCpuTime();

    public StatusGuidance(final String label, final Duration duration, final File outputDirectory, final File[] seeds,
                          final PrintStream status, final boolean tty) throws IOException {
        super(label, duration, null, outputDirectory, seeds, new Random());
        this.label = label;
        this.status = status;
        this.tty = tty;
        this.periodMillis = tty ? 500 : 5000;
        if (runCoverage instanceof FastCoverageListener coverage) {
            FastCoverageSnoop.setFastCoverageListener(new HangCheck(coverage));
        }
    }

    /**
     * JQF 2.1 checks {@code jqf.ei.TIMEOUT} only in {@code handleEvent}, which the fast coverage instrumentation
     * bypasses (its probes call the coverage listener directly), so without this a hanging input stalls the
     * campaign. The probes of the run's own thread pass through here; every 1024th one reads the thread's CPU
     * clock. CPU time, not wall time: on a machine shared with other jobs a run that waited for a core was saved
     * as a hang (a replication input that replays in milliseconds, cut at 5.3 s of wall time under a load of 30).
     * The run's start is this class's own: ZestGuidance leaves its {@code runStart} unset for seed and fresh
     * inputs, so a check based on it missed a hang on a campaign's first inputs.
     */
    private final class HangCheck implements FastCoverageListener {
        private final FastCoverageListener coverage;
        private int probes;

        HangCheck(final FastCoverageListener coverage) {
            this.coverage = coverage;
        }

        private void tick() {
            if ((++probes & 0x3ff) == 0 && singleRunTimeoutMillis > 0 && runStartCpuNanos >= 0) {
                final long elapsedMillis = (THREADS.getCurrentThreadCpuTime() - runStartCpuNanos) / 1_000_000;
                if (elapsedMillis > singleRunTimeoutMillis) {
                    throw new TimeoutException(elapsedMillis, singleRunTimeoutMillis);
                }
            }
        }

        @Override
        public void logMethodBegin(final int iid) {
            coverage.logMethodBegin(iid);
            tick();
        }

        @Override
        public void logMethodEnd(final int iid) {
            coverage.logMethodEnd(iid);
        }

        @Override
        public void logJump(final int iid, final int branch) {
            coverage.logJump(iid, branch);
            tick();
        }

        @Override
        public void logLookUpSwitch(final int iid, final int value, final int dflt, final int[] cases) {
            coverage.logLookUpSwitch(iid, value, dflt, cases);
            tick();
        }

        @Override
        public void logTableSwitch(final int iid, final int value, final int min, final int max, final int dflt) {
            coverage.logTableSwitch(iid, value, min, max, dflt);
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
