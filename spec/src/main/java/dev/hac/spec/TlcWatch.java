package dev.hac.spec;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;

/**
 * What a distributed run watches in the output of one TLC JVM (server, worker or fingerprint set server): its last
 * lines, whether it has finished its part, and the first sign that a fingerprint set server stopped answering.
 * TLC then hands that server's share of the fingerprints to another set server, which has not seen them, so states
 * would be explored again and counted wrongly; the run must stop instead. A warning after the JVM finished its part
 * does not count: at the end of the search the server closes the set servers, and a last poll may miss one.
 * Thread-safe: TLC's stdout and stderr are read by two threads.
 */
final class TlcWatch {
    /** What a fingerprint set manager (in the server and in every worker) prints when a set server does not answer. */
    static final String FPSET_UNREACHABLE = "to the fp server at";
    private static final int TAIL_LINES = 15;

    private final Predicate<String> finishes;
    private final Deque<String> tail = new ArrayDeque<>();
    private boolean finished;
    private String lostFpset;

    /** @param finishes whether a line says this JVM has finished its part of the search */
    TlcWatch(final Predicate<String> finishes) {
        this.finishes = finishes;
    }

    synchronized void line(final String line) {
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
        finished |= finishes.test(line);
        if (lostFpset == null && !finished && line.contains(FPSET_UNREACHABLE)) {
            lostFpset = line.trim();
        }
    }

    synchronized boolean finished() {
        return finished;
    }

    /** TLC's warning about the lost fingerprint set server, or null. */
    synchronized String lostFpset() {
        return lostFpset;
    }

    /** Why a run stops on {@link #lostFpset}, or null when it need not. */
    synchronized String lostFpsetReason() {
        return lostFpset == null ? null : "a fingerprint set server stopped answering (TLC: \"" + lostFpset
                + "\"); its share of the fingerprints went with it, so states would be explored again and counted "
                + "wrongly: the run was stopped";
    }

    /** The last lines, oldest first, one per line. */
    synchronized String tail() {
        return String.join("\n", tail);
    }

    synchronized String lastLine() {
        return tail.isEmpty() ? "" : tail.getLast();
    }
}
