package dev.hac.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.spec.Utf8Text;
import dev.hac.spec.itf.ItfFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An implementation's event log for trace validation (NDJSON, one JSON object per line,
 * written after each abstract action took effect):
 * <pre>
 * {"params": {"Cap": 4, "Policy": "strict", "K": 2, "Overflow": "backpressure"}}     (optional header)
 * {"step": 1, "action": "VmEmit", "args": {"v": "c1"}, "state": {"vmSeq": {"c1": 1, "p1": 0}, ...}}
 * </pre>
 * {@code step} counts from 1 without gaps; {@code args} as in docs/MODEL.md; {@code state} any
 * subset of the thirteen variables, functions as JSON objects keyed by VM id (or ITF
 * {@code #map}), records as objects, sequences as arrays. The header's {@code params} (and
 * the caller's overrides) give the constants; {@code CkptVMs} and {@code PlainVMs} may be
 * left out when the first line's {@code state} carries {@code epoch} and {@code vmSeq}.
 * Every problem is reported with the line number and the field. A last line without its
 * newline that is not JSON is the mark of a writer killed mid-line (a crashed primary):
 * it is dropped and its number kept in {@link #droppedLine()}.
 *
 * @param source      the file, for messages
 * @param constants   the model's constants
 * @param lines       the logged steps, in order
 * @param droppedLine the incomplete last line that was dropped, or 0
 */
public record EventLog(String source, ModelConstants constants, List<Line> lines, int droppedLine) {

    /**
     * One logged step.
     *
     * @param lineNo line number in the file (1-based)
     * @param action the action's name
     * @param args   its arguments as ITF values
     * @param state  the logged variables as ITF values
     */
    public record Line(int lineNo, String action, ObjectNode args, Map<String, JsonNode> state) {
    }

    // One JSON object per line: anything after it on the line is damage, not data.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public EventLog {
        lines = List.copyOf(lines);
    }

    /** Reads {@code file}; {@code overrides} (constant name to ITF value) win over the header. */
    public static EventLog read(final Path file, final Map<String, JsonNode> overrides) throws IOException, BadLogException {
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
                node = JSON.readTree(text);
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
        final ObjectNode header = objects.get(0).has("params") && !objects.get(0).has("action")
                ? (ObjectNode) objects.get(0) : null;
        if (header != null) {
            objects.remove(0);
        }
        final int headerLine = header == null ? 0 : numbers.remove(0);
        if (objects.isEmpty()) {
            throw new BadLogException(source, 0, null, "the log has no steps");
        }
        final ModelConstants constants = constants(source, header, headerLine, overrides, objects.get(0), numbers.get(0));
        final StateShape shape = new StateShape(constants, source);
        final List<Line> lines = new ArrayList<>();
        Long previous = null;
        for (int i = 0; i < objects.size(); i++) {
            final ObjectNode o = objects.get(i);
            final int n = numbers.get(i);
            final JsonNode step = o.get("step");
            if (step == null || !step.canConvertToLong() || !step.isIntegralNumber()) {
                throw new BadLogException(source, n, "step", "expected the step number (an integer), found " + step);
            }
            if (previous == null ? step.longValue() < 1 : step.longValue() != previous + 1) {
                throw new BadLogException(source, n, "step", "expected " + (previous == null ? "a number >= 1"
                        : previous + 1 + " (steps count up by one; a line is missing or out of order)")
                        + ", found " + step.longValue());
            }
            previous = step.longValue();
            final JsonNode action = o.get("action");
            if (action == null || !action.isTextual() || !Contract.ACTIONS.containsKey(action.textValue())) {
                throw new BadLogException(source, n, "action", "expected one of " + Contract.ACTIONS.keySet()
                        + ", found " + action);
            }
            final JsonNode args = o.has("args") ? o.get("args") : JsonNodeFactory.instance.objectNode();
            if (!args.isObject()) {
                throw new BadLogException(source, n, "args", "expected an object, found " + args);
            }
            final JsonNode state = o.get("state");
            if (state == null || !state.isObject()) {
                throw new BadLogException(source, n, "state", "expected an object of variables, found " + state);
            }
            final ObjectNode picks = (ObjectNode) toItf(args, constants.vms());
            final Map<String, JsonNode> vars = new LinkedHashMap<>();
            try {
                ConformanceTrace.arguments(action.textValue(), picks, constants, source + ":" + n, "args");
                final Iterator<Map.Entry<String, JsonNode>> it = state.fields();
                while (it.hasNext()) {
                    final Map.Entry<String, JsonNode> f = it.next();
                    final JsonNode value = toItf(f.getValue(), constants.vms());
                    shape.check(f.getKey(), value, "state." + f.getKey());
                    vars.put(f.getKey(), value);
                }
            } catch (final ItfFormatException e) {
                throw new BadLogException(source, n, e.jsonPath(), detail(e));
            }
            rejectUnknownArguments(source, n, action.textValue(), args);
            lines.add(new Line(n, action.textValue(), picks, vars));
        }
        return new EventLog(source, constants, lines, dropped);
    }

    /**
     * Every key of {@code args} goes into the TLA+ module TLC checks, where a stray one (a
     * key like {@code "x y"}, a float) would only make TLC fail: name it here instead.
     */
    private static void rejectUnknownArguments(final String source, final int n, final String action,
                                               final JsonNode args) throws BadLogException {
        final String expected = Contract.ACTIONS.get(action).argName();
        final Iterator<String> keys = args.fieldNames();
        while (keys.hasNext()) {
            final String key = keys.next();
            if (!key.equals(expected)) {
                throw new BadLogException(source, n, "args." + key, action + " takes "
                        + (expected == null ? "no arguments" : "only the argument " + expected)
                        + ", found the unknown argument \"" + key + "\"");
            }
        }
    }

    private static boolean endsWithNewline(final Path file) throws IOException {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
            if (ch.size() == 0) {
                return true;
            }
            final java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            ch.position(ch.size() - 1).read(last);
            return last.get(0) == '\n';
        }
    }

    /**
     * JSON as written by an implementation to ITF: an object whose keys are all VM ids is
     * a function; ITF-tagged values pass through.
     */
    static JsonNode toItf(final JsonNode v, final Set<String> vms) {
        if (v.isArray()) {
            final ArrayNode out = JsonNodeFactory.instance.arrayNode();
            v.forEach(e -> out.add(toItf(e, vms)));
            return out;
        }
        if (!v.isObject() || v.has("#map") || v.has("#set") || v.has("#tup") || v.has("#bigint")) {
            return v;
        }
        final Set<String> keys = new LinkedHashSet<>();
        v.fieldNames().forEachRemaining(keys::add);
        final ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (!keys.isEmpty() && vms.containsAll(keys)) {
            final ArrayNode pairs = out.putArray("#map");
            v.fields().forEachRemaining(f -> pairs.addArray().add(f.getKey()).add(toItf(f.getValue(), vms)));
        } else {
            v.fields().forEachRemaining(f -> out.set(f.getKey(), toItf(f.getValue(), vms)));
        }
        return out;
    }

    private static ModelConstants constants(final String source, final ObjectNode header, final int headerLine,
                                            final Map<String, JsonNode> overrides, final ObjectNode first,
                                            final int firstLine) throws BadLogException {
        final Map<String, JsonNode> params = new LinkedHashMap<>();
        if (header != null) {
            final JsonNode p = header.get("params");
            if (!p.isObject()) {
                throw new BadLogException(source, headerLine, "params", "expected an object of constants, found " + p);
            }
            p.fields().forEachRemaining(f -> params.put(f.getKey(), asSet(f.getValue())));
        }
        overrides.forEach(params::put);
        final JsonNode state = first.path("state");
        if (!params.containsKey("CkptVMs")) {
            final JsonNode epoch = state.path("epoch");
            if (!epoch.isObject() || epoch.isEmpty()) {
                throw new BadLogException(source, firstLine, "state.epoch", "cannot tell the checkpointing VMs: give "
                        + "CkptVMs in a header line {\"params\": {...}} or log epoch (an object keyed by VM id)");
            }
            params.put("CkptVMs", set(epoch.fieldNames()));
        }
        if (!params.containsKey("PlainVMs")) {
            final JsonNode vmSeq = state.path("vmSeq");
            if (!vmSeq.isObject() || vmSeq.isEmpty()) {
                throw new BadLogException(source, firstLine, "state.vmSeq", "cannot tell the ordinary VMs: give "
                        + "PlainVMs in a header line {\"params\": {...}} or log vmSeq (an object keyed by VM id)");
            }
            final Set<String> ckpt = new LinkedHashSet<>();
            params.get("CkptVMs").path("#set").forEach(e -> ckpt.add(e.asText()));
            final Iterator<String> all = vmSeq.fieldNames();
            final ArrayNode plain = JsonNodeFactory.instance.arrayNode();
            all.forEachRemaining(v -> {
                if (!ckpt.contains(v)) {
                    plain.add(v);
                }
            });
            params.put("PlainVMs", JsonNodeFactory.instance.objectNode().set("#set", plain));
        }
        try {
            final ModelConstants c = ModelConstants.of(params, source + (header == null ? "" : ":" + headerLine), "params");
            for (final String vm : c.vms()) {
                if (List.of("vm", "seq", "epoch").contains(vm)) {
                    throw new BadLogException(source, headerLine, "params", "VM id '" + vm + "' is also a record field "
                            + "name; the log could not tell functions from records");
                }
            }
            return c;
        } catch (final ItfFormatException e) {
            throw new BadLogException(source, headerLine, e.jsonPath(), detail(e) + " (give the model's constants in a header line {\"params\": {...}} or "
                    + "with --param NAME=VALUE)");
        }
    }

    /** The reader's message without its source and path prefix (this exception names them itself). */
    private static String detail(final ItfFormatException e) {
        final int at = e.getMessage().indexOf("expected ");
        return at < 0 ? e.getMessage() : e.getMessage().substring(at);
    }

    /** A JSON array of VM ids in a header is a set. */
    private static JsonNode asSet(final JsonNode v) {
        return v.isArray() ? JsonNodeFactory.instance.objectNode().set("#set", v) : v;
    }

    private static JsonNode set(final Iterator<String> names) {
        final ArrayNode members = JsonNodeFactory.instance.arrayNode();
        names.forEachRemaining(members::add);
        return JsonNodeFactory.instance.objectNode().set("#set", members);
    }
}
