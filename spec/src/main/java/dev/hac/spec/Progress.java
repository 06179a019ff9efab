package dev.hac.spec;

/**
 * A progress report of a running TLC search.
 *
 * @param statesGenerated states generated so far
 * @param distinctStates  distinct states found so far
 * @param queue           states left on the queue
 * @param depth           current search depth (BFS level), -1 if unknown
 * @param statesPerSecond generation rate since the previous report, -1 if unknown
 * @param fromTlc         true for TLC's own (once a minute) report, false for a poll
 */
public record Progress(long statesGenerated, long distinctStates, long queue, int depth, double statesPerSecond,
                       boolean fromTlc) {
}
