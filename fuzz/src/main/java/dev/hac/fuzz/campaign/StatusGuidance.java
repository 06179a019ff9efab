package dev.hac.fuzz.campaign;

import edu.berkeley.cs.jqf.fuzz.ei.ZestGuidance;
import edu.berkeley.cs.jqf.fuzz.guidance.GuidanceException;
import edu.berkeley.cs.jqf.fuzz.guidance.Result;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Random;

/**
 * Zest with the status line and failure reports {@code hac fuzz} needs. Zest draws its own screen only on a
 * console; this prints one line (executions, execs/s, coverage, corpus, unique failures) every few seconds on
 * any stream, redrawn in place on a terminal. Each new unique failure gets its stack trace written next to the
 * input Zest saves ({@code failures/id_NNNNNN.trace.txt}).
 */
public final class StatusGuidance extends ZestGuidance {

    private final String label;
    private final PrintStream status;
    private final boolean tty;
    private final long periodMillis;
    private long lastPrint;

    public StatusGuidance(final String label, final Duration duration, final File outputDirectory, final File[] seeds,
                          final PrintStream status, final boolean tty) throws IOException {
        super(label, duration, null, outputDirectory, seeds, new Random());
        this.label = label;
        this.status = status;
        this.tty = tty;
        this.periodMillis = tty ? 500 : 5000;
    }

    @Override
    protected void displayStats(final boolean force) {
        final long now = System.currentTimeMillis();
        if (!force && now - lastPrint < periodMillis) {
            return;
        }
        lastPrint = now;
        final String line = statusLine(now);
        if (tty) {
            status.print("\r" + line + "   ");
        } else {
            status.println(line);
        }
        status.flush();
    }

    private String statusLine(final long now) {
        final long elapsed = Math.max(1, now - startTime.getTime());
        return String.format("[%s] %3ds  %,d execs  %,d/s  coverage %,d branches (valid %,d)  corpus %d  failures %d",
                label, elapsed / 1000, numTrials, numTrials * 1000 / elapsed, totalCoverage.getNonZeroCount(),
                validCoverage.getNonZeroCount(), savedInputs.size(), uniqueFailures.size());
    }

    @Override
    public void handleResult(final Result result, final Throwable error) throws GuidanceException {
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
                savedInputs.size(), uniqueFailures.size(), elapsed};
    }
}
