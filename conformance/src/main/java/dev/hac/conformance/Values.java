package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.spec.tla.TlaValueFormatter;
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
 * Conversions between the plain Java values adapters speak and ITF JSON values, and the
 * canonical form in which two ITF values compare equal exactly when the TLA+ values do
 * (sets and function pairs unordered, record fields unordered, {@code #bigint} and JSON
 * numbers the same integers).
 */
public final class Values {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final BigInteger JSON_SAFE = BigInteger.valueOf((1L << 53) - 1);
    private static final Comparator<JsonNode> BY_TEXT = Comparator.comparing(JsonNode::toString);

    private Values() {
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
            final ArrayNode members = s.putArray("#set");
            set.forEach(e -> members.add(toItf(e, functionDomain)));
            return s;
        }
        if (value instanceof Map<?, ?> map) {
            final boolean function = map.keySet().stream().allMatch(k -> k instanceof String s && functionDomain.contains(s))
                    || map.isEmpty() || !map.keySet().stream().allMatch(k -> k instanceof String);
            if (function) {
                final ObjectNode f = JSON.objectNode();
                final ArrayNode pairs = f.putArray("#map");
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
        if (v.isIntegralNumber() || v.has("#bigint")) {
            final BigInteger b = v.isIntegralNumber() ? v.bigIntegerValue() : new BigInteger(v.get("#bigint").textValue());
            if (b.bitLength() < 32) {
                return b.intValue();
            }
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (v.isArray() || v.has("#tup")) {
            final List<Object> out = new ArrayList<>();
            (v.isArray() ? v : v.get("#tup")).forEach(e -> out.add(toPlain(e)));
            return out;
        }
        if (v.has("#set")) {
            final Set<Object> out = new LinkedHashSet<>();
            v.get("#set").forEach(e -> out.add(toPlain(e)));
            return out;
        }
        final Map<Object, Object> out = new LinkedHashMap<>();
        if (v.has("#map")) {
            v.get("#map").forEach(p -> out.put(toPlain(p.get(0)), toPlain(p.get(1))));
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
        if (v.has("#bigint")) {
            return integer(new BigInteger(v.get("#bigint").textValue()));
        }
        if (v.has("#tup")) {
            return canonical(v.get("#tup"));
        }
        if (v.has("#set")) {
            final List<JsonNode> members = new ArrayList<>();
            v.get("#set").forEach(e -> members.add(canonical(e)));
            final ObjectNode out = JSON.objectNode();
            final ArrayNode sorted = out.putArray("#set");
            members.stream().sorted(BY_TEXT).distinct().forEach(sorted::add);
            return out;
        }
        if (v.has("#map")) {
            final List<JsonNode> pairs = new ArrayList<>();
            v.get("#map").forEach(p -> pairs.add(JSON.arrayNode().add(canonical(p.get(0))).add(canonical(p.get(1)))));
            final ObjectNode out = JSON.objectNode();
            final ArrayNode sorted = out.putArray("#map");
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

    private static JsonNode integer(final BigInteger b) {
        if (b.abs().compareTo(JSON_SAFE) <= 0) {
            return JSON.numberNode(b.longValue());
        }
        final ObjectNode big = JSON.objectNode();
        big.put("#bigint", b.toString());
        return big;
    }
}
