package dev.hac.cli;

import dev.hac.cli.support.StatusLine;
import dev.hac.spec.CheckListener;
import dev.hac.spec.CheckResult;
import dev.hac.spec.Progress;

/**
 * Shows a TLC run's progress on the terminal (stderr): one status line rewritten in
 * place on a terminal, a line every {@value #LOG_EVERY_SECONDS} s when redirected.
 */
final class ProgressPrinter implements CheckListener {

    private static final int LOG_EVERY_SECONDS = 10;

    private final StatusLine status;
    private String label = "";
    private long startNanos = System.nanoTime();
    private long lastLineNanos;

    ProgressPrinter(final StatusLine status) {
        this.status = status;
    }

    @Override
    public void started(final String model) {
        startNanos = System.nanoTime();
        lastLineNanos = startNanos;
        label = model;
        show(model + ": TLC started, exploring states ...", true);
    }

    @Override
    public void progress(final Progress p) {
        final long now = System.nanoTime();
        final boolean due = status.terminal() || p.fromTlc() || now - lastLineNanos >= LOG_EVERY_SECONDS * 1_000_000_000L;
        if (!due) {
            return;
        }
        lastLineNanos = now;
        final StringBuilder s = new StringBuilder(label).append(": ")
                .append(String.format("%,d distinct states, %,d generated, queue %,d", p.distinctStates(),
                        p.statesGenerated(), p.queue()));
        if (p.depth() >= 0) {
            s.append(", depth ").append(p.depth());
        }
        if (p.statesPerSecond() >= 0) {
            s.append(String.format(", %,.0f states/s", p.statesPerSecond()));
        }
        s.append(String.format(", %ds", (now - startNanos) / 1_000_000_000L));
        show(s.toString(), false);
    }

    @Override
    public void note(final String message) {
        show(label + ": " + message, true);
    }

    @Override
    public void finished(final CheckResult result) {
        show(String.format("%s: TLC finished in %.1f s", result.model(), result.duration().toMillis() / 1000.0), true);
    }

    private void show(final String line, final boolean keep) {
        if (keep) {
            status.keep(line);
        } else {
            status.update(line);
        }
    }
}
