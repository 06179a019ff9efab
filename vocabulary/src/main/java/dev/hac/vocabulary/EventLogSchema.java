package dev.hac.vocabulary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NDJSON event log an implementation writes for trace validation, one JSON object per line,
 * each step written after its action took effect:
 * <pre>
 * {"params": {"CkptVMs": ["c1"], "PlainVMs": ["p1"], "Cap": 4, "Policy": "strict", "K": 1, "Overflow": "early"}}
 * {"step": 1, "action": <an action's id>, "args": {"v": "c1"}, "state": {"vmSeq": {"c1": 1, "p1": 0}, ...}}
 * </pre>
 * The header line ({@link Kind#HEADER}) is optional and gives the constants ({@link Constant}; a JSON
 * array of VM ids is a set). A step line ({@link Kind#STEP}) has {@code step} counting from 1 without
 * gaps, {@code action} one of {@link Action}, {@code args} its {@link Argument} ({@code {}} for none),
 * and {@code state} any subset of the {@link Variable}s, functions as JSON objects keyed by VM id (or ITF
 * {@code #map}), records as objects, sequences as arrays. A last line without its newline that is not
 * JSON is the mark of a writer killed mid-line: it is dropped and its number kept.
 * <p>
 * The header may also describe its writer, {@code "writer": {"spec": "Fencing", "host": "127.0.0.1", "role":
 * "primary", "gen": 1}}: the spec the log is for, the host that wrote it, the role it started in and the witness
 * generation it held then. A fenced host also writes fencing lines ({@link Kind#FENCING}): {@code {"step": n, "fencing": <a
 * {@link FencingEvent}'s id>, "args": {...}, "state": {...}}}, numbered with the steps.
 * <p>
 * {@link Writer} writes this format and {@link #read} reads it, checking everything that needs no
 * knowledge of the model (that is the conformance suite's reader, on top of this one). A new kind of
 * line is a new {@link Kind} (the key that marks it), its record, and its case in both.
 */
public final class EventLogSchema {

    public static final String PARAMS = "params";
    public static final String STEP = "step";
    public static final String ACTION = "action";
    public static final String ARGS = "args";
    public static final String STATE = "state";
    public static final String FENCING = "fencing";
    /** The header's optional description of the writer: {@code {"spec": ..., "host": ..., "role": ..., "gen": ...}}. */
    public static final String WRITER = "writer";
    /** The spec the log is meant for: {@link #SPEC_OUTPUT_COMMIT} or {@link #SPEC_FENCING}. */
    public static final String SPEC = "spec";
    public static final String SPEC_OUTPUT_COMMIT = "OutputCommit";
    public static final String SPEC_FENCING = "Fencing";
    /** The writer's host name: logs with the same host are one host's incarnations, in the order given. */
    public static final String HOST = "host";
    /** The role the writer started in: {@link #ROLE_PRIMARY} or {@link #ROLE_SECONDARY}. */
    public static final String ROLE = "role";
    public static final String ROLE_PRIMARY = "primary";
    public static final String ROLE_SECONDARY = "secondary";
    /** The witness generation the writer held when it started (0: none yet). */
    public static final String GEN = "gen";

    /** The kinds of line, each told by a key only it carries. */
    public enum Kind {
        /** The constants, first line only. */
        HEADER(PARAMS),
        /** One action taken. */
        STEP(ACTION),
        /** A fenced primary's claim, lease expiry, heal or halt. */
        FENCING(EventLogSchema.FENCING);

        private final String key;

        Kind(final String key) {
            this.key = key;
        }

        /** The key that marks a line of this kind. */
        public String key() {
            return key;
        }

        /** The kind of a line: the last kind whose key it carries wins, a line with none is a step. */
        static Kind of(final JsonNode line) {
            Kind kind = STEP;
            for (final Kind k : values()) {
                if (line.has(k.key)) {
                    kind = k;
                }
            }
            return kind;
        }
    }

    /** The header line: the constants as the writer gave them (JSON, not yet ITF), and its {@link #WRITER} if any. */
    public record Header(int lineNo, ObjectNode params) {
        /** The writer's description, or an empty object. */
        public ObjectNode writer() {
            final JsonNode w = params.get(WRITER);
            return w != null && w.isObject() ? (ObjectNode) w : JsonNodeFactory.instance.objectNode();
        }
    }

    /**
     * One logged step, checked for its form.
     *
     * @param lineNo line number in the file (1-based)
     * @param step   the step number
     * @param action the action
     * @param args   its arguments as logged (JSON, not yet ITF); only the action's own argument
     * @param state  the logged variables as logged
     */
    public record Step(int lineNo, long step, Action action, ObjectNode args, ObjectNode state) {
    }

    /** One fencing line, checked for its form ({@code args} has the event's argument names and no others). */
    public record Fencing(int lineNo, long step, FencingEvent event, ObjectNode args, ObjectNode state) {
    }

    /**
     * A log as read.
     *
     * @param source      the file, for messages
     * @param header      the header, or null when the log has none
     * @param steps       the steps, at least one
     * @param droppedLine the incomplete last line that was dropped, or 0
     * @param fencing     the fencing lines, in order (their step numbers interleave with the steps')
     */
    public record Log(String source, Header header, List<Step> steps, int droppedLine, List<Fencing> fencing) {
        public Log {
            steps = List.copyOf(steps);
            fencing = List.copyOf(fencing);
        }
    }

    private static final ObjectMapper JSON_OUT = new ObjectMapper();
    // One JSON object per line: anything after it on the line is damage, not data.
    private static final ObjectMapper READER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private EventLogSchema() {
    }

    /** Writes an event log: the header at once, then one line per {@link #step}. Not thread-safe. */
    public static final class Writer implements AutoCloseable {
        private final BufferedWriter out;
        private long step;

        /** Creates {@code file} and writes the header with {@code params} (constant name to plain value). */
        public Writer(final Path file, final Map<String, Object> params) throws IOException {
            this(file, params, Map.of());
        }

        /** As {@link #Writer(Path, Map)}, with the header's {@link #WRITER} description (none when empty). */
        public Writer(final Path file, final Map<String, Object> params, final Map<String, Object> writer)
                throws IOException {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            final Map<String, Object> header = new LinkedHashMap<>();
            header.put(PARAMS, params);
            if (!writer.isEmpty()) {
                header.put(WRITER, writer);
            }
            line(header);
        }

        /** Writes the next step; {@code args} and {@code state} are plain values (maps, lists, numbers, strings). */
        public void step(final Action action, final Map<String, Object> args, final Map<String, Object> state) {
            final Map<String, Object> line = new LinkedHashMap<>();
            line.put(STEP, ++step);
            line.put(ACTION, action.id());
            line.put(ARGS, args);
            line.put(STATE, state);
            line(line);
        }

        /** Writes a fencing line, numbered with the steps. */
        public void fencing(final FencingEvent event, final Map<String, Object> args, final Map<String, Object> state) {
            final Map<String, Object> line = new LinkedHashMap<>();
            line.put(STEP, ++step);
            line.put(FENCING, event.id());
            line.put(ARGS, args);
            line.put(STATE, state);
            line(line);
        }

        private void line(final Map<String, Object> line) {
            try {
                out.write(JSON_OUT.writeValueAsString(line) + "\n");
            } catch (final IOException e) {
                throw new UncheckedIOException("event log: " + e.getMessage(), e);
            }
        }

        /** Pushes written lines to the file (a writer may be killed at any moment). */
        public void flush() {
            try {
                out.flush();
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Reads {@code file} and checks the form of every line; problems name the line and the field. */
    public static Log read(final Path file) throws IOException, BadLogException {
        final String source = file.toString();
        final List<ObjectNode> objects = new ArrayList<>();
        final List<Integer> numbers = new ArrayList<>();
        final List<String> texts;
        try {
            texts = Utf8Text.read(file).lines().toList();
        } catch (final Utf8Text.NotUtf8Exception e) {
            throw new BadLogException(source, e.line(), null, "not UTF-8 text (invalid byte at offset " + e.offset() + ")");
        }
        final boolean lastLineComplete = endsWithNewline(file);
        int dropped = 0;
        for (int i = 0; i < texts.size(); i++) {
            final int n = i + 1;
            final String text = texts.get(i);
            if (text.isBlank()) {
                continue;
            }
            final JsonNode node;
            try {
                node = READER.readTree(text);
            } catch (final JsonProcessingException e) {
                if (n == texts.size() && !lastLineComplete) {
                    dropped = n;
                    continue;
                }
                throw new BadLogException(source, n, null, "not a JSON object: " + e.getOriginalMessage()
                        + (e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")"));
            }
            if (node == null || !node.isObject()) {
                throw new BadLogException(source, n, null, "expected a JSON object, found " + node);
            }
            objects.add((ObjectNode) node);
            numbers.add(n);
        }
        if (objects.isEmpty()) {
            throw new BadLogException(source, 0, null, "the log is empty");
        }
        Header header = null;
        if (Kind.of(objects.get(0)) == Kind.HEADER) {
            header = new Header(numbers.remove(0), objects.remove(0));
            if (!header.params().get(PARAMS).isObject()) {
                throw new BadLogException(source, header.lineNo(), PARAMS, "expected an object of constants, found "
                        + header.params().get(PARAMS));
            }
        }
        if (objects.isEmpty()) {
            throw new BadLogException(source, 0, null, "the log has no steps");
        }
        final List<Step> steps = new ArrayList<>();
        final List<Fencing> fencing = new ArrayList<>();
        Long previous = null;
        for (int i = 0; i < objects.size(); i++) {
            if (Kind.of(objects.get(i)) == Kind.FENCING) {
                final Fencing f = fencing(source, numbers.get(i), objects.get(i), previous);
                previous = f.step();
                fencing.add(f);
                continue;
            }
            final Step s = step(source, numbers.get(i), objects.get(i), previous);
            previous = s.step();
            steps.add(s);
        }
        if (steps.isEmpty()) {
            throw new BadLogException(source, 0, null, "the log has no steps");
        }
        return new Log(source, header, steps, dropped, fencing);
    }

    private static long stepNumber(final String source, final int n, final ObjectNode o, final Long previous)
            throws BadLogException {
        final JsonNode step = o.get(STEP);
        if (step == null || !step.canConvertToLong() || !step.isIntegralNumber()) {
            throw new BadLogException(source, n, STEP, "expected the step number (an integer), found " + step);
        }
        if (previous == null ? step.longValue() < 1 : step.longValue() != previous + 1) {
            throw new BadLogException(source, n, STEP, "expected " + (previous == null ? "a number >= 1"
                    : previous + 1 + " (steps count up by one; a line is missing or out of order)")
                    + ", found " + step.longValue());
        }
        return step.longValue();
    }

    private static Fencing fencing(final String source, final int n, final ObjectNode o, final Long previous)
            throws BadLogException {
        final long step = stepNumber(source, n, o, previous);
        final JsonNode name = o.get(FENCING);
        final FencingEvent event = name == null || !name.isTextual() ? null : FencingEvent.named(name.textValue());
        if (event == null) {
            throw new BadLogException(source, n, FENCING, "expected one of " + FencingEvent.NAMES + ", found " + name);
        }
        final JsonNode args = o.has(ARGS) ? o.get(ARGS) : JsonNodeFactory.instance.objectNode();
        final JsonNode state = o.get(STATE);
        if (!args.isObject() || state == null || !state.isObject()) {
            throw new BadLogException(source, n, args.isObject() ? STATE : ARGS, "expected an object, found "
                    + (args.isObject() ? state : args));
        }
        final Iterator<String> keys = args.fieldNames();
        while (keys.hasNext()) {
            final String key = keys.next();
            if (!event.argNames().contains(key)) {
                throw new BadLogException(source, n, ARGS + "." + key, event.id() + " takes " + event.argNames()
                        + ", found the unknown argument \"" + key + "\"");
            }
        }
        return new Fencing(n, step, event, (ObjectNode) args, (ObjectNode) state);
    }

    private static Step step(final String source, final int n, final ObjectNode o, final Long previous)
            throws BadLogException {
        final long step = stepNumber(source, n, o, previous);
        final JsonNode name = o.get(ACTION);
        final Action action = name == null || !name.isTextual() ? null : Action.named(name.textValue());
        if (action == null) {
            throw new BadLogException(source, n, ACTION, "expected one of " + Action.NAMES + ", found " + name);
        }
        final JsonNode args = o.has(ARGS) ? o.get(ARGS) : JsonNodeFactory.instance.objectNode();
        if (!args.isObject()) {
            throw new BadLogException(source, n, ARGS, "expected an object, found " + args);
        }
        final JsonNode state = o.get(STATE);
        if (state == null || !state.isObject()) {
            throw new BadLogException(source, n, STATE, "expected an object of variables, found " + state);
        }
        rejectUnknownArguments(source, n, action, args);
        return new Step(n, step, action, (ObjectNode) args, (ObjectNode) state);
    }

    /**
     * Every key of {@code args} goes into the TLA+ module TLC checks, where a stray one (a
     * key like {@code "x y"}, a float) would only make TLC fail: name it here instead.
     */
    private static void rejectUnknownArguments(final String source, final int n, final Action action,
                                               final JsonNode args) throws BadLogException {
        final String expected = action.argument().argName();
        final Iterator<String> keys = args.fieldNames();
        while (keys.hasNext()) {
            final String key = keys.next();
            if (!key.equals(expected)) {
                throw new BadLogException(source, n, ARGS + "." + key, action + " takes "
                        + (expected == null ? "no arguments" : "only the argument " + expected)
                        + ", found the unknown argument \"" + key + "\"");
            }
        }
    }

    private static boolean endsWithNewline(final Path file) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            if (ch.size() == 0) {
                return true;
            }
            final ByteBuffer last = ByteBuffer.allocate(1);
            ch.position(ch.size() - 1).read(last);
            return last.get(0) == '\n';
        }
    }
}
