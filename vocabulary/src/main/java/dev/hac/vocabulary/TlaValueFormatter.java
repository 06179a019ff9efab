package dev.hac.vocabulary;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Writes ITF JSON values back as TLA+ value text, the inverse of the spec module's
 * {@code TlaValueParser}:
 * used to put a trace into a generated TLA+ module (trace validation) and to print
 * counterexamples readably.
 */
public final class TlaValueFormatter {

    private TlaValueFormatter() {
    }

    /** The TLA+ text of an ITF value; throws {@link IllegalArgumentException} for non-ITF JSON. */
    public static String format(final JsonNode value) {
        return format(value, Set.of());
    }

    /** As {@link #format(JsonNode)}, writing the strings in {@code modelValues} as bare model values ({@code c1}). */
    public static String format(final JsonNode value, final Set<String> modelValues) {
        final StringBuilder out = new StringBuilder();
        append(out, value, modelValues);
        return out.toString();
    }

    private static void append(final StringBuilder out, final JsonNode v, final Set<String> modelValues) {
        if (v.isTextual()) {
            if (modelValues.contains(v.textValue())) {
                out.append(v.textValue());
            } else {
                appendString(out, v.textValue());
            }
        } else if (v.isIntegralNumber()) {
            out.append(v.bigIntegerValue());
        } else if (v.isBoolean()) {
            out.append(v.booleanValue() ? "TRUE" : "FALSE");
        } else if (v.isArray()) {
            appendAll(out, "<<", v.elements(), ">>", modelValues);
        } else if (v.isObject() && v.has(ItfValues.SET)) {
            appendAll(out, "{", v.get(ItfValues.SET).elements(), "}", modelValues);
        } else if (v.isObject() && v.has(ItfValues.TUP)) {
            appendAll(out, "<<", v.get(ItfValues.TUP).elements(), ">>", modelValues);
        } else if (v.isObject() && v.has(ItfValues.BIGINT)) {
            out.append(v.get(ItfValues.BIGINT).asText());
        } else if (v.isObject() && v.has(ItfValues.MAP)) {
            appendMap(out, v.get(ItfValues.MAP), modelValues);
        } else if (v.isObject() && v.size() > 0) {
            out.append('[');
            final Iterator<Map.Entry<String, JsonNode>> fields = v.fields();
            while (fields.hasNext()) {
                final Map.Entry<String, JsonNode> f = fields.next();
                out.append(f.getKey()).append(" |-> ");
                append(out, f.getValue(), modelValues);
                if (fields.hasNext()) {
                    out.append(", ");
                }
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not an ITF value: " + v);
        }
    }

    private static void appendMap(final StringBuilder out, final JsonNode pairs, final Set<String> modelValues) {
        if (pairs.isEmpty()) {
            out.append("<<>>"); // the function with an empty domain, as TLC prints it
            return;
        }
        out.append('(');
        for (int i = 0; i < pairs.size(); i++) {
            if (i > 0) {
                out.append(" @@ ");
            }
            append(out, pairs.get(i).get(0), modelValues);
            out.append(" :> ");
            append(out, pairs.get(i).get(1), modelValues);
        }
        out.append(')');
    }

    private static void appendAll(final StringBuilder out, final String open, final Iterator<JsonNode> items,
                                  final String close, final Set<String> modelValues) {
        out.append(open);
        while (items.hasNext()) {
            append(out, items.next(), modelValues);
            if (items.hasNext()) {
                out.append(", ");
            }
        }
        out.append(close);
    }

    private static void appendString(final StringBuilder out, final String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char ch = s.charAt(i);
            switch (ch) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\t': out.append("\\t"); break;
                case '\r': out.append("\\r"); break;
                default: out.append(ch);
            }
        }
        out.append('"');
    }
}
