package dev.hac.vocabulary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ITF value codec (Apalache ADR-015): the tags, conversions between the plain Java values
 * adapters speak and ITF JSON values, and the canonical form in which two ITF values compare
 * equal exactly when the TLA+ values do (sets and function pairs unordered, record fields
 * unordered, {@code #bigint} and JSON numbers the same integers).
 */
public final class ItfValues {

    /** {@code {SET: [...]}}: a set. */
    public static final String SET = "#set";
    /** {@code {MAP: [[key, value], ...]}}: a function. */
    public static final String MAP = "#map";
    /** {@code {TUP: [...]}}: a tuple. */
    public static final String TUP = "#tup";
    /** {@code {BIGINT: "-123"}}: an integer beyond what JSON numbers carry exactly. */
    public static final String BIGINT = "#bigint";
    /** {@code {"#unserializable": "..."}}: a value the writer could not express. */
    public static final String UNSERIALIZABLE = "#unserializable";
    /** Every tag; a record field may not start with '#'. */
    public static final List<String> TAGS = List.of(SET, MAP, TUP, BIGINT, UNSERIALIZABLE);

    /** Largest magnitude that JSON numbers carry exactly (RFC 7159, ITF). */
    public static final BigInteger JSON_SAFE = BigInteger.valueOf((1L << 53) - 1);

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Comparator<JsonNode> BY_TEXT = Comparator.comparing(JsonNode::toString);

    private ItfValues() {
    }

    /** An integer as ITF wants it: a JSON number when exact, otherwise {@code #bigint}. */
    public static JsonNode integer(final BigInteger value) {
        // IntNode when it fits, as Jackson reads it back: JSON trees compare by node type.
        if (value.bitLength() < Integer.SIZE) {
            return JSON.numberNode(value.intValue());
        }
        if (value.abs().compareTo(JSON_SAFE) <= 0) {
            return JSON.numberNode(value.longValue());
        }
        return JSON.objectNode().put(BIGINT, value.toString());
    }

    /** True for an ITF integer: a JSON integer or a well-formed {@code #bigint}. */
    public static boolean isInteger(final JsonNode v) {
        if (v.isIntegralNumber()) {
            return true;
        }
        final JsonNode big = v.isObject() && v.size() == 1 ? v.get(BIGINT) : null;
        return big != null && big.isTextual() && big.textValue().matches("-?[0-9]+");
    }

    /** The value of an ITF integer ({@link #isInteger}). */
    public static BigInteger integerValue(final JsonNode v) {
        return v.isIntegralNumber() ? v.bigIntegerValue() : new BigInteger(v.get(BIGINT).textValue());
    }

    /** True when {@code v} is an object carrying one of the ITF tags (so not a record). */
    public static boolean isTagged(final JsonNode v) {
        return v.isObject() && TAGS.stream().anyMatch(v::has);
    }

    /** The set of {@code members}. */
    public static ObjectNode set(final Iterable<? extends JsonNode> members) {
        final ObjectNode s = JSON.objectNode();
        final ArrayNode out = s.putArray(SET);
        members.forEach(out::add);
        return s;
    }

    /** The set of the strings {@code members}. */
    public static ObjectNode stringSet(final Iterable<String> members) {
        final ObjectNode s = JSON.objectNode();
        final ArrayNode out = s.putArray(SET);
        members.forEach(out::add);
        return s;
    }

    /**
     * The ITF value of a plain Java value. A {@code Map} whose keys are all in
     * {@code functionDomain} (the model's VM ids), or which is empty, becomes a function
     * ({@code #map}); any other map a record.
     *
     * @throws IllegalArgumentException for values with no TLA+ counterpart (null, floats, other objects)
     */
    public static JsonNode toItf(final Object value, final Set<String> functionDomain) {
        if (value instanceof JsonNode n) {
            return n;
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return JSON.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigInteger b) {
            return integer(b);
        }
        if (value instanceof CharSequence || value instanceof Enum<?>) {
            return JSON.textNode(value.toString());
        }
        if (value instanceof List<?> list) {
            final ArrayNode seq = JSON.arrayNode();
            list.forEach(e -> seq.add(toItf(e, functionDomain)));
            return seq;
        }
        if (value instanceof Set<?> set) {
            final ObjectNode s = JSON.objectNode();
            final ArrayNode members = s.putArray(SET);
            set.forEach(e -> members.add(toItf(e, functionDomain)));
            return s;
        }
        if (value instanceof Map<?, ?> map) {
            final boolean function = map.keySet().stream().allMatch(k -> k instanceof String s && functionDomain.contains(s))
                    || map.isEmpty() || !map.keySet().stream().allMatch(k -> k instanceof String);
            if (function) {
                final ObjectNode f = JSON.objectNode();
                final ArrayNode pairs = f.putArray(MAP);
                map.forEach((k, v) -> pairs.addArray().add(toItf(k, functionDomain)).add(toItf(v, functionDomain)));
                return f;
            }
            final ObjectNode record = JSON.objectNode();
            map.forEach((k, v) -> record.set((String) k, toItf(v, functionDomain)));
            return record;
        }
        throw new IllegalArgumentException("no TLA+ value for " + (value == null ? "null"
                : value.getClass().getName() + " " + value));
    }

    /**
     * The plain Java value of an ITF value: strings, booleans, integers ({@code Integer}
     * when they fit, else {@code Long} or {@code BigInteger}), {@code List} for sequences
     * and tuples, {@code Set} for sets, {@code Map} for records and functions.
     */
    public static Object toPlain(final JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber() || v.has(BIGINT)) {
            final BigInteger b = integerValue(v);
            if (b.bitLength() < 32) {
                return b.intValue();
            }
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (v.isArray() || v.has(TUP)) {
            final List<Object> out = new ArrayList<>();
            (v.isArray() ? v : v.get(TUP)).forEach(e -> out.add(toPlain(e)));
            return out;
        }
        if (v.has(SET)) {
            final Set<Object> out = new LinkedHashSet<>();
            v.get(SET).forEach(e -> out.add(toPlain(e)));
            return out;
        }
        final Map<Object, Object> out = new LinkedHashMap<>();
        if (v.has(MAP)) {
            v.get(MAP).forEach(p -> out.put(toPlain(p.get(0)), toPlain(p.get(1))));
        } else {
            v.fields().forEachRemaining(f -> out.put(f.getKey(), toPlain(f.getValue())));
        }
        return out;
    }

    /** The canonical form: equal TLA+ values give {@code equals} JSON trees. */
    public static JsonNode canonical(final JsonNode v) {
        if (v.isIntegralNumber()) {
            return integer(v.bigIntegerValue());
        }
        if (v.isArray()) {
            final ArrayNode out = JSON.arrayNode();
            v.forEach(e -> out.add(canonical(e)));
            return out;
        }
        if (!v.isObject()) {
            return v;
        }
        if (v.has(BIGINT)) {
            return integer(integerValue(v));
        }
        if (v.has(TUP)) {
            return canonical(v.get(TUP));
        }
        if (v.has(SET)) {
            final List<JsonNode> members = new ArrayList<>();
            v.get(SET).forEach(e -> members.add(canonical(e)));
            final ObjectNode out = JSON.objectNode();
            final ArrayNode sorted = out.putArray(SET);
            members.stream().sorted(BY_TEXT).distinct().forEach(sorted::add);
            return out;
        }
        if (v.has(MAP)) {
            final List<JsonNode> pairs = new ArrayList<>();
            v.get(MAP).forEach(p -> pairs.add(JSON.arrayNode().add(canonical(p.get(0))).add(canonical(p.get(1)))));
            final ObjectNode out = JSON.objectNode();
            final ArrayNode sorted = out.putArray(MAP);
            pairs.stream().sorted(Comparator.comparing(p -> p.get(0).toString())).forEach(sorted::add);
            return out;
        }
        final TreeMap<String, JsonNode> fields = new TreeMap<>();
        final Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            final Map.Entry<String, JsonNode> f = it.next();
            fields.put(f.getKey(), canonical(f.getValue()));
        }
        final ObjectNode out = JSON.objectNode();
        fields.forEach(out::set);
        return out;
    }

    /** True when the two ITF values denote the same TLA+ value. */
    public static boolean same(final JsonNode a, final JsonNode b) {
        return canonical(a).equals(canonical(b));
    }

    /** A stable text key of a state (variables by name, canonical values), for looking states up. */
    public static String stateKey(final Map<String, JsonNode> variables, final Collection<String> names) {
        final ObjectNode key = JSON.objectNode();
        new TreeMap<>(variables).forEach((name, value) -> {
            if (names.contains(name)) {
                key.set(name, canonical(value));
            }
        });
        return key.toString();
    }

    /** TLA+ text of an ITF value, for reports; JSON text if it is not a valid ITF value. */
    public static String show(final JsonNode v) {
        if (v == null) {
            return "(not reported)";
        }
        try {
            return TlaValueFormatter.format(v);
        } catch (final IllegalArgumentException notItf) {
            return v.toString();
        }
    }

    /** Action arguments for reports: {@code (v = "c1")}, or "" when there are none. */
    public static String showArgs(final JsonNode picks) {
        if (picks == null || picks.size() == 0) {
            return "";
        }
        final StringBuilder out = new StringBuilder("(");
        picks.fields().forEachRemaining(f -> out.append(out.length() > 1 ? ", " : "").append(f.getKey()).append(" = ")
                .append(show(f.getValue())));
        return out.append(')').toString();
    }
}
