package dev.hac.spec.tla;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes ITF JSON values back as TLA+ value text, the inverse of {@link TlaValueParser}:
 * used to put a trace into a generated TLA+ module (trace validation) and to print
 * counterexamples readably.
 */
public final class TlaValueFormatter {

    private TlaValueFormatter() {
    }

    /** The TLA+ text of an ITF value; throws {@link IllegalArgumentException} for non-ITF JSON. */
    public static String format(final JsonNode value) {
        final StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(final StringBuilder out, final JsonNode v) {
        if (v.isTextual()) {
            appendString(out, v.textValue());
        } else if (v.isIntegralNumber()) {
            out.append(v.bigIntegerValue());
        } else if (v.isBoolean()) {
            out.append(v.booleanValue() ? "TRUE" : "FALSE");
        } else if (v.isArray()) {
            appendAll(out, "<<", v.elements(), ">>");
        } else if (v.isObject() && v.has("#set")) {
            appendAll(out, "{", v.get("#set").elements(), "}");
        } else if (v.isObject() && v.has("#tup")) {
            appendAll(out, "<<", v.get("#tup").elements(), ">>");
        } else if (v.isObject() && v.has("#bigint")) {
            out.append(v.get("#bigint").asText());
        } else if (v.isObject() && v.has("#map")) {
            appendMap(out, v.get("#map"));
        } else if (v.isObject() && v.size() > 0) {
            out.append('[');
            final Iterator<Map.Entry<String, JsonNode>> fields = v.fields();
            while (fields.hasNext()) {
                final Map.Entry<String, JsonNode> f = fields.next();
                out.append(f.getKey()).append(" |-> ");
                append(out, f.getValue());
                if (fields.hasNext()) {
                    out.append(", ");
                }
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not an ITF value: " + v);
        }
    }

    private static void appendMap(final StringBuilder out, final JsonNode pairs) {
        if (pairs.isEmpty()) {
            out.append("<<>>"); // the function with an empty domain, as TLC prints it
            return;
        }
        out.append('(');
        for (int i = 0; i < pairs.size(); i++) {
            if (i > 0) {
                out.append(" @@ ");
            }
            append(out, pairs.get(i).get(0));
            out.append(" :> ");
            append(out, pairs.get(i).get(1));
        }
        out.append(')');
    }

    private static void appendAll(final StringBuilder out, final String open, final Iterator<JsonNode> items,
                                  final String close) {
        out.append(open);
        while (items.hasNext()) {
            append(out, items.next());
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
