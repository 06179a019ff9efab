package dev.hac.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.vocabulary.ItfValues;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An implementation in any language, run as one child process for the whole run and driven
 * by the line protocol of {@code conformance/ADAPTERS.md}: one JSON request per line on its
 * stdin ({@code reset}, {@code apply}, {@code observe}), one JSON reply per line on its
 * stdout, in order. Its stderr is passed on line by line, and the last lines are kept for
 * the report. A child that exits, prints a line that is not a reply, does not answer in
 * time or replies {@code "ok": false} ends the replay with a {@link BrokenAdapterException}.
 * The child runs until {@link #close} closes its stdin.
 */
public final class ProcessAdapter implements SystemUnderTest {

    /** How long a reply may take unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Lines of the child's stderr a failure report shows. */
    static final int STDERR_TAIL = 10;
    private static final int SHOWN_REPLY = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Put on the reply queue when the child's stdout ends. */
    private static final Object END = new Object();

    private final List<String> command;
    private final Duration timeout;
    private final Process child;
    private final OutputStream stdin;
    private final BlockingQueue<Object> replies = new LinkedBlockingQueue<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stdoutPump;
    private final Thread stderrPump;
    private BrokenAdapterException broken;

    private ProcessAdapter(final List<String> command, final Duration timeout, final Process child,
                           final Consumer<String> stderr) {
        this.command = List.copyOf(command);
        this.timeout = timeout;
        this.child = child;
        this.stdin = child.getOutputStream();
        this.stdoutPump = pump("stdout", child.getInputStream(), replies::add, () -> replies.add(END));
        this.stderrPump = pump("stderr", child.getErrorStream(), line -> {
            synchronized (stderrTail) {
                if (stderrTail.size() == STDERR_TAIL) {
                    stderrTail.removeFirst();
                }
                stderrTail.addLast(line);
            }
            stderr.accept(line);
        }, () -> { });
    }

    /**
     * Starts {@code command} (program and arguments) in the current directory.
     *
     * @param timeout how long each reply may take
     * @param stderr  receives each line the child writes to stderr
     * @throws IllegalArgumentException when the program cannot be started (the message says why)
     */
    public static ProcessAdapter start(final List<String> command, final Duration timeout,
                                       final Consumer<String> stderr) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("adapter command: empty");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("adapter timeout must be positive, got " + timeout);
        }
        try {
            return new ProcessAdapter(command, timeout, new ProcessBuilder(command).start(), stderr);
        } catch (final IOException e) {
            throw new IllegalArgumentException("adapter command " + String.join(" ", command)
                    + ": cannot start it: " + e.getMessage(), e);
        }
    }

    /**
     * Splits a command line into words as a POSIX shell would for simple cases: blanks
     * separate words, single quotes keep everything literally, double quotes keep blanks,
     * a backslash escapes the next character (outside single quotes). No variables, globs
     * or redirections.
     *
     * @throws IllegalArgumentException on an unterminated quote or a trailing backslash
     */
    public static List<String> words(final String commandLine) {
        final List<String> out = new ArrayList<>();
        final StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < commandLine.length(); i++) {
            final char c = commandLine.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\\') {
                if (++i == commandLine.length()) {
                    throw new IllegalArgumentException("adapter command: a backslash at the end of: " + commandLine);
                }
                word.append(commandLine.charAt(i));
                inWord = true;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("adapter command: unterminated " + quote + " quote in: " + commandLine);
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }

    @Override
    public void reset(final Map<String, Object> params) {
        final ObjectNode request = JSON.createObjectNode().put("op", "reset");
        final ObjectNode p = request.putObject("params");
        params.forEach((name, value) -> p.set(name, ItfValues.toItf(value, Set.of())));
        exchange(request);
    }

    @Override
    public boolean apply(final String action, final Map<String, Object> args) {
        final ObjectNode request = JSON.createObjectNode().put("op", "apply").put("action", action);
        final ObjectNode a = request.putObject("args");
        args.forEach((name, value) -> a.set(name, ItfValues.toItf(value, Set.of())));
        final JsonNode applied = exchange(request).get("applied");
        if (applied == null || !applied.isBoolean()) {
            throw fail("replied to " + request + " without \"applied\": true or false");
        }
        return applied.booleanValue();
    }

    @Override
    public Map<String, Object> observe() {
        final ObjectNode request = JSON.createObjectNode().put("op", "observe");
        final JsonNode state = exchange(request).get("state");
        if (state == null || !state.isObject()) {
            throw fail("replied to " + request + " without \"state\": an object of variables");
        }
        final Map<String, Object> variables = new LinkedHashMap<>();
        state.fields().forEachRemaining(v -> variables.put(v.getKey(), v.getValue()));
        return variables;
    }

    @Override
    public String name() {
        return "process " + String.join(" ", command);
    }

    /** Closes the child's stdin and waits for it to end (at most the reply timeout, then it is killed). */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (final IOException gone) {
            // Already exited: nothing to close.
        }
        try {
            if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                child.waitFor();
            }
            stdoutPump.join(timeout.toMillis());
            stderrPump.join(timeout.toMillis());
        } catch (final InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
    }

    /** Sends one request and returns its reply, an object with "ok": true. */
    private ObjectNode exchange(final ObjectNode request) {
        if (broken != null) {
            throw broken;
        }
        final String line;
        try {
            line = JSON.writeValueAsString(request);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("a request that Jackson cannot write: " + request, e);
        }
        final Object unasked = replies.poll();
        if (unasked != null) {
            throw fail(unasked == END ? ended("closed its stdout before the request " + line)
                    : "printed a line nobody asked for, before the request " + line + ": " + shown((String) unasked));
        }
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (final IOException e) {
            throw fail(ended("could not take the request " + line + " (" + e.getMessage() + ")"));
        }
        final Object reply;
        try {
            reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail("interrupted while waiting for the reply to " + line);
        }
        if (reply == null) {
            throw fail("did not reply to " + line + " within " + seconds(timeout));
        }
        if (reply == END) {
            throw fail(ended("closed its stdout instead of replying to " + line));
        }
        final String text = (String) reply;
        final JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (final JsonProcessingException e) {
            throw fail("printed a line that is not a JSON reply, in answer to " + line + ": " + shown(text));
        }
        if (node == null || !node.isObject() || !node.path("ok").isBoolean()) {
            throw fail("printed a line that is not a reply (an object with \"ok\": true or false), in answer to "
                    + line + ": " + shown(text));
        }
        if (!node.get("ok").booleanValue()) {
            final JsonNode error = node.get("error");
            throw fail("replied with an error to " + line + ": "
                    + (error != null && error.isTextual() ? error.textValue() : shown(text)));
        }
        return (ObjectNode) node;
    }

    /** What the child did, adding its exit status once it has one (waiting briefly for it). */
    private String ended(final String what) {
        try {
            if (child.waitFor(Math.min(timeout.toMillis(), 2_000), TimeUnit.MILLISECONDS)) {
                return "the child exited (status " + child.exitValue() + "): it " + what;
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "the child " + what;
    }

    /**
     * Marks the adapter broken (every later call fails the same way) and ends the child and
     * whatever it started. Its stdin is closed first and it gets a moment to end by itself,
     * so that its stderr ends normally rather than in a kill (killed at once, a child's
     * last stderr line was missing from the report in about one run in a hundred); then its
     * stderr is read to the end (bounded by the timeout), so that the report has the last
     * lines it wrote before it misbehaved.
     */
    private BrokenAdapterException fail(final String reason) {
        try {
            stdin.close();
        } catch (final IOException gone) {
            // Already exited.
        }
        try {
            child.waitFor(Math.min(timeout.toMillis(), 500), TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        try {
            stderrPump.join(Math.min(timeout.toMillis(), 2_000));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        final List<String> tail;
        synchronized (stderrTail) {
            tail = new ArrayList<>(stderrTail);
        }
        broken = new BrokenAdapterException(reason.startsWith("the child") ? reason : "the child " + reason, tail);
        return broken;
    }

    /** A command such as {@code sh -c 'a | b'} leaves its pipeline behind when only the shell dies. */
    private void kill() {
        child.descendants().forEach(ProcessHandle::destroyForcibly);
        child.destroyForcibly();
    }

    private static String shown(final String line) {
        return line.length() <= SHOWN_REPLY ? "'" + line + "'" : "'" + line.substring(0, SHOWN_REPLY) + "...' ("
                + line.length() + " characters)";
    }

    private static String seconds(final Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private Thread pump(final String stream, final InputStream in, final Consumer<String> line, final Runnable end) {
        final Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    line.accept(l);
                }
            } catch (final IOException closed) {
                // The child was killed or its pipe closed: same as the end of the stream.
            } finally {
                end.run();
            }
        }, "hac-adapter-" + stream);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
