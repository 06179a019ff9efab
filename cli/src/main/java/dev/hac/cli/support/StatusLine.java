package dev.hac.cli.support;

import dev.hac.cli.Hac;
import dev.hac.conformance.ConformanceRun;
import java.io.PrintWriter;

/**
 * Progress on stderr: one line rewritten in place on a terminal, plain lines when
 * redirected. Synchronised: a background run (TLC -simulate) reports from its own thread.
 */
public final class StatusLine implements ConformanceRun.Status {
    private final PrintWriter err;
    private final boolean terminal;
    private int width;
    private int updates;

    public StatusLine(final PrintWriter err, final boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** A status line for this process's terminal (in place only when there is one). */
    public static StatusLine on(final PrintWriter err) {
        return new StatusLine(err, System.console() != null);
    }

    public boolean terminal() {
        return terminal;
    }

    /** A line that stays. */
    @Override
    public synchronized void keep(final String line) {
        if (terminal) {
            replace(line);
            done();
        } else {
            err.println(line);
            err.flush();
        }
    }

    /** A line the next one replaces; when redirected only every tenth is printed, not to flood logs. */
    @Override
    public synchronized void show(final String line) {
        if (terminal) {
            replace(line);
        } else if (updates++ % 10 == 0) {
            err.println(line);
        }
        err.flush();
    }

    /** A line the next one replaces; printed whenever redirected (the caller decides how often). */
    public synchronized void update(final String line) {
        if (terminal) {
            replace(line);
        } else {
            err.println(line);
        }
        err.flush();
    }

    private void replace(final String line) {
        err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        width = line.length();
    }

    /**
     * Ends the status line and reports a failure: bad input (exit 2), or an interruption
     * (exit 1, the interrupt flag kept).
     */
    public synchronized int failed(final String command, final Exception e) {
        done();
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            err.println(command + ": interrupted");
            return Hac.FAILED;
        }
        err.println(command + ": " + e.getMessage());
        return Hac.BAD_INPUT;
    }

    /** Ends the current line. */
    public synchronized void done() {
        if (terminal && width > 0) {
            err.println();
            width = 0;
        }
        err.flush();
    }
}
