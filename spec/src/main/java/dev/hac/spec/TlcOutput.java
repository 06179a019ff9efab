package dev.hac.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.spec.tla.TlaSyntaxException;
import dev.hac.spec.tla.TlaValueParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads TLC's {@code -tool} output line by line. Messages are wrapped as
 * {@code @!@!@STARTMSG code:severity @!@!@ ... @!@!@ENDMSG code @!@!@} (they can nest,
 * and a start marker can follow other text on a line); SANY's parse errors are not
 * wrapped and are kept as plain text for error reporting.
 */
final class TlcOutput implements TlcLauncher.Output {

    // TLC message codes (tlc2.output.EC).
    static final int INVARIANT_VIOLATED_INITIAL = 2107;
    static final int INVARIANT_VIOLATED = 2110;
    static final int ACTION_PROPERTY_VIOLATED = 2112;
    static final int DEADLOCK = 2114;
    static final int TEMPORAL_PROPERTY_VIOLATED = 2116;
    static final int BEHAVIOR_UP_TO_THIS_POINT = 2121;
    static final int BACK_TO_STATE = 2122;
    static final int STARTING = 2185;
    static final int FINISHED = 2186;
    static final int SEARCH_DEPTH = 2194;
    static final int STATS = 2199;
    static final int PROGRESS = 2200;
    static final int STATE = 2217;
    static final int STUTTERING = 2218;
    static final int COUNTER_EXAMPLE = 2264;
    private static final int ERROR_SEVERITY = 1;
    private static final Set<Integer> NOT_ERRORS = Set.of(INVARIANT_VIOLATED_INITIAL, INVARIANT_VIOLATED,
            ACTION_PROPERTY_VIOLATED, DEADLOCK, TEMPORAL_PROPERTY_VIOLATED, BEHAVIOR_UP_TO_THIS_POINT, BACK_TO_STATE,
            COUNTER_EXAMPLE, STATE, STUTTERING);

    private static final Pattern START = Pattern.compile("@!@!@STARTMSG (\\d+):(\\d+) @!@!@");
    private static final Pattern END = Pattern.compile("@!@!@ENDMSG (\\d+) @!@!@");
    private static final Pattern COUNTS = Pattern.compile("([\\d,]+) states generated(?: \\(([\\d,]+) s/min\\))?, "
            + "([\\d,]+) distinct states found(?: \\([\\d,]+ ds/min\\))?, ([\\d,]+) states left on queue");
    private static final Pattern PROGRESS_DEPTH = Pattern.compile("Progress\\((\\d+)\\)");
    private static final Pattern DEPTH = Pattern.compile("search is (\\d+)");
    private static final Pattern INVARIANT = Pattern.compile("Invariant (\\S+?) is violated");
    private static final Pattern ACTION_PROPERTY = Pattern.compile("Action property (\\S+?) is violated");
    private static final Pattern STATE_HEADER = Pattern.compile("^(\\d+): (?:<(.*)>|(.*))$");
    private static final Pattern ACTION_LOCATION = Pattern.compile(
            "^(.+?) (line \\d+, col \\d+ to line \\d+, col \\d+ of module \\w+)$");
    private static final Pattern BACK_TO = Pattern.compile("^(\\d+): Back to state: <?(.*?)>?$");
    private static final Set<String> NOISE = Set.of("Residual stack trace follows:", "tla2sany.semantic.AbortException");

    private record Open(int code, int severity, StringBuilder body) {
    }

    private final String model;
    private final CheckListener listener;
    private final TlaValueParser values;
    private final Deque<Open> open = new ArrayDeque<>();
    private final StringBuilder plain = new StringBuilder();
    private final List<String> errors = new ArrayList<>();
    private final List<TraceState> states = new ArrayList<>();

    Outcome violation;
    String property;
    PropertyKind kind;
    String violationMessage;
    Integer loopIndex;
    String loopAction;
    long statesGenerated = -1;
    long distinctStates = -1;
    /** TLC printed the run's final counts; later polls are older than they are. */
    private boolean finalCounts;
    int depth = -1;
    int exitCode = -1;
    final StringBuilder stderr = new StringBuilder();
    private long lastProgressNanos;

    TlcOutput(final String model, final CheckListener listener, final TlaValueParser values) {
        this.model = model;
        this.listener = listener;
        this.values = values;
    }

    @Override
    public void stdout(final String line) {
        accept(line);
    }

    @Override
    public void stderr(final String line) {
        stderr.append(line).append('\n');
    }

    @Override
    public void polled(final long generated, final long distinct, final long queue, final int level) {
        poll(generated, distinct, queue, level);
    }

    /** A failure found outside TLC's output (e.g. a distributed worker died): the run is an error. */
    void fail(final String message) {
        errors.add(message);
    }

    void accept(final String line) {
        String rest = line;
        while (true) {
            final Matcher start = START.matcher(rest);
            final Matcher end = END.matcher(rest);
            final boolean hasStart = start.find();
            final boolean hasEnd = end.find();
            if (hasStart && (!hasEnd || start.start() < end.start())) {
                text(rest.substring(0, start.start()));
                open.push(new Open(Integer.parseInt(start.group(1)), Integer.parseInt(start.group(2)),
                        new StringBuilder()));
                rest = rest.substring(start.end());
            } else if (hasEnd) {
                text(rest.substring(0, end.start()));
                if (!open.isEmpty()) {
                    final Open m = open.pop();
                    message(m.code(), m.severity(), m.body().toString().strip());
                }
                rest = rest.substring(end.end());
            } else {
                if (!rest.isEmpty() || open.isEmpty()) {
                    text(rest + "\n");
                } else {
                    text("\n");
                }
                return;
            }
        }
    }

    private void text(final String s) {
        if (s.isEmpty()) {
            return;
        }
        (open.isEmpty() ? plain : open.peek().body()).append(s);
    }

    private void message(final int code, final int severity, final String body) {
        switch (code) {
            case STARTING -> listener.started(model);
            case PROGRESS -> progress(body);
            case STATS -> counts(body);
            case SEARCH_DEPTH -> {
                final Matcher m = DEPTH.matcher(body);
                if (m.find()) {
                    depth = Math.max(depth, Integer.parseInt(m.group(1)));
                }
            }
            case INVARIANT_VIOLATED, INVARIANT_VIOLATED_INITIAL -> {
                final Matcher m = INVARIANT.matcher(body);
                violated(Outcome.INVARIANT_VIOLATED, m.find() ? m.group(1) : null, PropertyKind.INVARIANT, body);
                if (code == INVARIANT_VIOLATED_INITIAL) {
                    initialStateInBody(body);
                }
            }
            case ACTION_PROPERTY_VIOLATED -> {
                final Matcher m = ACTION_PROPERTY.matcher(body);
                violated(Outcome.PROPERTY_VIOLATED, m.find() ? m.group(1) : null, PropertyKind.ACTION, body);
            }
            case TEMPORAL_PROPERTY_VIOLATED -> violated(Outcome.PROPERTY_VIOLATED, null, PropertyKind.TEMPORAL, body);
            case DEADLOCK -> violated(Outcome.DEADLOCK, null, PropertyKind.DEADLOCK, body);
            case STATE -> state(body);
            case STUTTERING -> {
                loopIndex = states.size() - 1;
                loopAction = Counterexample.STUTTERING;
            }
            case BACK_TO_STATE -> {
                final Matcher m = BACK_TO.matcher(body);
                if (m.find()) {
                    loopIndex = Integer.parseInt(m.group(1)) - 1;
                    loopAction = splitLabel(m.group(2))[0];
                }
            }
            default -> {
                if (severity == ERROR_SEVERITY && !NOT_ERRORS.contains(code)) {
                    errors.add(body);
                }
            }
        }
    }

    private void violated(final Outcome outcome, final String name, final PropertyKind k, final String body) {
        if (violation == null) {
            violation = outcome;
            property = name;
            kind = k;
            violationMessage = body.lines().findFirst().orElse(body);
        }
    }

    private void progress(final String body) {
        final Matcher c = COUNTS.matcher(body);
        if (!c.find()) {
            return;
        }
        final Matcher d = PROGRESS_DEPTH.matcher(body);
        final double perSecond = c.group(2) == null ? -1 : number(c.group(2)) / 60.0;
        statesGenerated = number(c.group(1));
        distinctStates = number(c.group(3));
        final int level = d.find() ? Integer.parseInt(d.group(1)) : -1;
        depth = Math.max(depth, level); // TLC prints no final depth after a liveness violation
        listener.progress(new Progress(statesGenerated, distinctStates, number(c.group(4)), level, perSecond, true));
    }

    private void counts(final String body) {
        final Matcher c = COUNTS.matcher(body);
        if (c.find()) {
            statesGenerated = number(c.group(1));
            distinctStates = number(c.group(3));
            finalCounts = true;
        }
    }

    /** A poll of TLC's management bean (from the launcher's stderr line). */
    private void poll(final long generated, final long distinct, final long queue, final int level) {
        if (finalCounts) {
            // Polls arrive on stderr, TLC's final counts on stdout, read by two threads: a poll taken before the end
            // may be handled after it (a toy model's 7 distinct states were once reported as 2).
            return;
        }
        final long now = System.nanoTime();
        final double seconds = (now - lastProgressNanos) / 1e9;
        final double rate = lastProgressNanos == 0 || statesGenerated < 0 ? -1
                : (generated - statesGenerated) / seconds;
        lastProgressNanos = now;
        statesGenerated = generated;
        distinctStates = distinct;
        listener.progress(new Progress(generated, distinct, queue, level, rate, false));
    }

    private void state(final String body) {
        final int newline = body.indexOf('\n');
        final String header = newline < 0 ? body : body.substring(0, newline);
        final Matcher h = STATE_HEADER.matcher(header.strip());
        if (!h.find()) {
            errors.add("cannot read a counterexample state from TLC: " + header);
            return;
        }
        final String label = h.group(2) != null ? h.group(2) : h.group(3);
        final String[] actionAndLocation = splitLabel(label);
        try {
            final Map<String, JsonNode> vars = values.parseState(newline < 0 ? "" : body.substring(newline + 1));
            states.add(new TraceState(Integer.parseInt(h.group(1)), actionAndLocation[0], actionAndLocation[1], vars));
        } catch (final TlaSyntaxException e) {
            errors.add("cannot read state " + h.group(1) + " of TLC's counterexample: " + e.getMessage());
        }
    }

    /** TLC 2.18 reports an invariant violated by an initial state with the state in the same message. */
    private void initialStateInBody(final String body) {
        final int colon = body.indexOf(":\n");
        if (colon >= 0 && states.isEmpty()) {
            state("1: <" + TraceState.INITIAL + ">\n" + body.substring(colon + 2));
        }
    }

    /** {@code Inc line 11, col 11 to ... of module Toy} -> {"Inc", "line 11, ..."}; arguments are dropped. */
    private static String[] splitLabel(final String label) {
        final Matcher al = ACTION_LOCATION.matcher(label.strip());
        final String action = al.find() ? al.group(1) : label.strip();
        final int paren = action.indexOf('(');
        return new String[] {(paren > 0 ? action.substring(0, paren) : action).strip(), al.find(0) ? al.group(2) : ""};
    }

    private static long number(final String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }

    List<TraceState> states() {
        return states;
    }

    /** TLC's error messages (wrapped ones), in order. */
    List<String> errors() {
        return errors;
    }

    /** Unwrapped output (SANY's messages), without the per-file progress noise and without repeats. */
    String plainText() {
        final List<String> lines = new ArrayList<>();
        for (final String l : plain.toString().split("\n")) {
            final String t = l.strip();
            if (!t.isEmpty() && !t.startsWith("Parsing file ") && !t.startsWith("Semantic processing of module ")
                    && !NOISE.contains(t)) {
                lines.add(t);
            }
        }
        dropRepeatedBlocks(lines);
        final StringBuilder out = new StringBuilder();
        lines.forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    /** SANY prints some error reports twice in a row; keep one copy of each block of lines repeated at once. */
    static void dropRepeatedBlocks(final List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            for (int len = (lines.size() - i) / 2; len >= 1; len--) {
                if (lines.subList(i, i + len).equals(lines.subList(i + len, i + 2 * len))) {
                    lines.subList(i + len, i + 2 * len).clear();
                    len = Math.min(len, (lines.size() - i) / 2) + 1;
                }
            }
        }
    }
}
