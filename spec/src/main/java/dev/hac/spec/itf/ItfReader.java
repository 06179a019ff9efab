package dev.hac.spec.itf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.vocabulary.ItfValues;
import dev.hac.vocabulary.Utf8Text;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates ITF JSON. Every violation of the format is reported as an
 * {@link ItfFormatException} naming the source, the JSON path and what was expected,
 * so a user can fix a hand-written or foreign trace without guessing.
 */
public final class ItfReader {

    // A file is one JSON value: text after it means a damaged or concatenated file, not a trace.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final String MBT = "mbt::";

    private ItfReader() {
    }

    /** Reads an ITF file. */
    public static ItfTrace read(final Path file) throws IOException, ItfFormatException {
        final String text;
        try {
            text = Utf8Text.read(file);
        } catch (final Utf8Text.NotUtf8Exception e) {
            throw new ItfFormatException(file.toString(), "line " + e.line() + " (byte " + e.offset() + ")",
                    "UTF-8 text", "an invalid byte sequence");
        }
        return read(file.toString(), text);
    }

    /** Reads ITF JSON text; {@code source} names it in errors. */
    public static ItfTrace read(final String source, final String json) throws ItfFormatException {
        final JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (final JsonProcessingException e) {
            final String where = e.getLocation() == null ? "$"
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ItfFormatException(source, where, "well-formed JSON", e.getOriginalMessage());
        }
        return fromJson(source, root);
    }

    /** Validates and converts a JSON tree. */
    public static ItfTrace fromJson(final String source, final JsonNode root) throws ItfFormatException {
        final Checker c = new Checker(source);
        if (root == null || !root.isObject()) {
            throw c.fail("$", "a JSON object with 'vars' and 'states'", root);
        }
        final ObjectNode meta = root.has(ItfWriter.META) ? c.object(root.get(ItfWriter.META), "$.#meta")
                : JsonNodeFactory.instance.objectNode();
        final List<String> params = root.has("params") ? c.names(root.get("params"), "$.params") : List.of();
        if (!root.has("vars")) {
            throw c.fail("$.vars", "an array of variable names", null);
        }
        // Quint's --mbt lists mbt::actionTaken and mbt::nondetPicks among the variables: they are the step's
        // metadata, read as such from every state, not variables of the model.
        final List<String> vars = c.names(root.get("vars"), "$.vars").stream().filter(v -> !v.startsWith(MBT)).toList();
        final JsonNode statesNode = root.get("states");
        if (statesNode == null || !statesNode.isArray()) {
            throw c.fail("$.states", "an array of states", statesNode);
        }
        final List<ItfState> states = new ArrayList<>();
        for (int i = 0; i < statesNode.size(); i++) {
            states.add(c.state(statesNode.get(i), "$.states[" + i + "]", i, vars, i == 0 ? params : List.of()));
        }
        Integer loop = null;
        if (root.has("loop")) {
            final JsonNode l = root.get("loop");
            if (!l.isInt() || l.intValue() < 0 || l.intValue() >= states.size()) {
                throw c.fail("$.loop", "a state index in [0, " + states.size() + ")", l);
            }
            loop = l.intValue();
        }
        return new ItfTrace(meta, params, vars, states, loop);
    }

    /** Validation helpers that know the source and build JSON paths. */
    private static final class Checker {
        private final String source;

        Checker(final String source) {
            this.source = source;
        }

        ItfFormatException fail(final String path, final String expected, final JsonNode found) {
            return new ItfFormatException(source, path, expected, found == null ? "nothing" : abbreviate(found));
        }

        ObjectNode object(final JsonNode n, final String path) throws ItfFormatException {
            if (n == null || !n.isObject()) {
                throw fail(path, "an object", n);
            }
            return (ObjectNode) n;
        }

        List<String> names(final JsonNode n, final String path) throws ItfFormatException {
            if (!n.isArray()) {
                throw fail(path, "an array of names", n);
            }
            final List<String> names = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                if (!n.get(i).isTextual()) {
                    throw fail(path + "[" + i + "]", "a name (string)", n.get(i));
                }
                names.add(n.get(i).textValue());
            }
            return names;
        }

        ItfState state(final JsonNode n, final String path, final int position, final List<String> vars,
                       final List<String> params) throws ItfFormatException {
            final ObjectNode obj = object(n, path);
            final ObjectNode meta = obj.has(ItfWriter.META) ? object(obj.get(ItfWriter.META), path + ".#meta").deepCopy()
                    : JsonNodeFactory.instance.objectNode();
            if (meta.has("index") && (!meta.get("index").isInt() || meta.get("index").intValue() != position)) {
                throw fail(path + ".#meta.index", "the state's position " + position, meta.get("index"));
            }
            meta.remove("index");
            String action = null;
            if (obj.has(ItfWriter.ACTION_TAKEN)) {
                final JsonNode a = obj.get(ItfWriter.ACTION_TAKEN);
                if (!a.isTextual()) {
                    throw fail(path + "." + ItfWriter.ACTION_TAKEN, "an action name (string)", a);
                }
                action = a.textValue();
            }
            final ObjectNode picks = obj.has(ItfWriter.NONDET_PICKS)
                    ? object(obj.get(ItfWriter.NONDET_PICKS), path + "." + ItfWriter.NONDET_PICKS) : null;
            if (picks != null) {
                // The arguments are a record of ITF values, checked like any other value.
                value(picks, path + "." + ItfWriter.NONDET_PICKS);
            }
            final Map<String, JsonNode> values = new LinkedHashMap<>();
            for (final String name : params) {
                values.put(name, required(obj, path, name, "parameter"));
            }
            for (final String name : vars) {
                values.put(name, required(obj, path, name, "variable"));
            }
            final Iterator<String> fields = obj.fieldNames();
            while (fields.hasNext()) {
                final String f = fields.next();
                if (!values.containsKey(f) && !f.startsWith("#") && !f.startsWith(MBT)) {
                    value(obj.get(f), path + "." + f);
                    values.put(f, obj.get(f));
                }
            }
            return new ItfState(position, action, picks, values, meta);
        }

        private JsonNode required(final ObjectNode state, final String path, final String name, final String kind)
                throws ItfFormatException {
            final JsonNode v = state.get(name);
            if (v == null) {
                throw fail(path + "." + name, "a value for the " + kind + " '" + name + "' (listed in the trace's "
                        + ("parameter".equals(kind) ? "'params'" : "'vars'") + ")", null);
            }
            value(v, path + "." + name);
            return v;
        }

        /** Checks that {@code v} is an ITF expression. */
        void value(final JsonNode v, final String path) throws ItfFormatException {
            if (v.isTextual() || v.isBoolean() || v.isIntegralNumber()) {
                return;
            }
            if (v.isArray()) {
                for (int i = 0; i < v.size(); i++) {
                    value(v.get(i), path + "[" + i + "]");
                }
                return;
            }
            if (!v.isObject()) {
                throw fail(path, "an ITF value (string, integer, boolean, array or object)", v);
            }
            if (v.has(ItfValues.BIGINT)) {
                final JsonNode b = v.get(ItfValues.BIGINT);
                if (v.size() != 1 || !b.isTextual() || !b.textValue().matches("-?[0-9]+")) {
                    throw fail(path, "{\"#bigint\": \"[-][0-9]+\"}", v);
                }
            } else if (v.has(ItfValues.SET) || v.has(ItfValues.TUP)) {
                final String tag = v.has(ItfValues.SET) ? ItfValues.SET : ItfValues.TUP;
                if (v.size() != 1 || !v.get(tag).isArray()) {
                    throw fail(path, "{\"" + tag + "\": [...]}", v);
                }
                value(v.get(tag), path + "." + tag);
            } else if (v.has(ItfValues.MAP)) {
                final JsonNode pairs = v.get(ItfValues.MAP);
                if (v.size() != 1 || !pairs.isArray()) {
                    throw fail(path, "{\"#map\": [[key, value], ...]}", v);
                }
                for (int i = 0; i < pairs.size(); i++) {
                    final JsonNode p = pairs.get(i);
                    if (!p.isArray() || p.size() != 2) {
                        throw fail(path + ".#map[" + i + "]", "a [key, value] pair", p);
                    }
                    value(p, path + ".#map[" + i + "]");
                }
            } else if (v.has(ItfValues.UNSERIALIZABLE)) {
                // ITF says a string: anything else (a number such as 1e400, read as a double) would not survive a rewrite
                if (v.size() != 1 || !v.get(ItfValues.UNSERIALIZABLE).isTextual()) {
                    throw fail(path, "{\"#unserializable\": \"...\"}", v);
                }
            } else {
                final Iterator<Map.Entry<String, JsonNode>> fields = v.fields();
                while (fields.hasNext()) {
                    final Map.Entry<String, JsonNode> f = fields.next();
                    if (f.getKey().startsWith("#")) {
                        throw fail(path + "." + f.getKey(), "a record field (names starting with '#' are reserved: "
                                + String.join(", ", ItfValues.TAGS) + ")", f.getValue());
                    }
                    value(f.getValue(), path + "." + f.getKey());
                }
            }
        }

        private static String abbreviate(final JsonNode n) {
            final String s = n.toString();
            return s.length() <= 60 ? s : s.substring(0, 57) + "...";
        }
    }
}
