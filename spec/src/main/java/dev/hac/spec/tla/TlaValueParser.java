package dev.hac.spec.tla;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.vocabulary.ItfValues;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads the TLA+ value text that TLC prints (counterexample states, {@code -dump dot}
 * node labels) into ITF JSON values:
 * <ul>
 *   <li>records {@code [a |-> 1]} -> JSON objects; sequences and tuples {@code <<..>>} -> arrays;</li>
 *   <li>sets {@code {..}} and intervals {@code 1..3} -> {@code {"#set": [..]}};</li>
 *   <li>functions {@code (k :> v @@ ..)} -> {@code {"#map": [[k, v], ..]}};</li>
 *   <li>integers -> JSON numbers, or {@code {"#bigint": ".."}} outside +-(2^53 - 1);</li>
 *   <li>strings -> strings, {@code TRUE}/{@code FALSE} -> booleans, model values -> strings.</li>
 * </ul>
 * TLC prints a function whose domain is a set of strings exactly like a record
 * ({@code [c1 |-> 0, c2 |-> 0]}), so the text alone cannot tell them apart. A parser
 * built {@link #withFunctionDomain with a function domain} turns every record whose
 * fields all belong to that domain into a {@code #map} with string keys: give it the
 * model's process ids and {@code vmSeq} becomes a map while a frame
 * {@code [seq |-> 1, epoch |-> 1]} stays a record. Instances are immutable and thread-safe.
 */
public final class TlaValueParser {

    /** Intervals are expanded into sets; beyond this they are surely not a model value. */
    private static final long MAX_INTERVAL = 100_000;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final TlaValueParser STANDARD = new TlaValueParser(Set.of());

    private final Set<String> functionDomain;

    private TlaValueParser(final Set<String> functionDomain) {
        this.functionDomain = functionDomain;
    }

    /** A parser that reads every record as a record. */
    public static TlaValueParser standard() {
        return STANDARD;
    }

    /** A parser that reads records whose field names are all in {@code keys} as functions. */
    public TlaValueParser withFunctionDomain(final Collection<String> keys) {
        return new TlaValueParser(Set.copyOf(keys));
    }

    /** Parses one value; the whole text must be that value (surrounding blanks allowed). */
    public JsonNode parseValue(final CharSequence text) {
        final Cursor c = new Cursor(text);
        final JsonNode value = value(c);
        c.skipBlanks();
        if (!c.atEnd()) {
            throw c.error("unexpected text after the value");
        }
        return value;
    }

    /**
     * The model values (bare identifiers such as {@code c1} in {@code {c1, c2}}) that
     * {@code text} mentions. ITF writes them as strings; a caller that prints values back
     * as TLA+ needs to know which strings were model values.
     */
    public Set<String> modelValuesIn(final CharSequence text) {
        final Cursor c = new Cursor(text);
        value(c);
        return Collections.unmodifiableSet(c.modelValues);
    }

    /**
     * Parses a state as TLC prints it: a conjunction {@code /\ var = value} per
     * variable (the leading {@code /\} may be missing when there is a single variable).
     * Returns the variables in the order printed.
     */
    public Map<String, JsonNode> parseState(final CharSequence text) {
        final Cursor c = new Cursor(text);
        final Map<String, JsonNode> vars = new LinkedHashMap<>();
        c.skipBlanks();
        boolean first = true;
        while (!c.atEnd()) {
            if (!c.tryConsume("/\\") && !first) {
                throw c.error("expected '/\\' before the next variable");
            }
            c.skipBlanks();
            final int at = c.pos;
            final String name = c.identifier();
            if (name == null) {
                throw c.error("expected a variable name");
            }
            c.skipBlanks();
            c.expect("=");
            final JsonNode value = value(c);
            if (vars.putIfAbsent(name, value) != null) {
                c.pos = at;
                throw c.error("variable '" + name + "' appears twice");
            }
            c.skipBlanks();
            first = false;
        }
        return vars;
    }

    private JsonNode value(final Cursor c) {
        final JsonNode first = primary(c);
        c.skipBlanks();
        if (c.peekIs(":>")) {
            return functionPairs(c, first);
        }
        if (c.peekIs("..")) {
            return interval(c, first);
        }
        return first;
    }

    private JsonNode primary(final Cursor c) {
        c.skipBlanks();
        if (c.atEnd()) {
            throw c.error("expected a value but the text ended");
        }
        final char ch = c.peek();
        if (ch == '"') {
            return JSON.textNode(c.string());
        }
        if (ch == '-' || Character.isDigit(ch)) {
            return ItfValues.integer(c.integer());
        }
        if (c.tryConsume("<<")) {
            final ArrayNode seq = JSON.arrayNode();
            elements(c, ">>", seq);
            return seq;
        }
        if (ch == '{') {
            c.pos++;
            final ArrayNode members = JSON.arrayNode();
            elements(c, "}", members);
            return set(members);
        }
        if (ch == '[') {
            c.pos++;
            return record(c);
        }
        if (ch == '(') {
            c.pos++;
            final JsonNode inner = value(c);
            c.skipBlanks();
            c.expect(")");
            return inner;
        }
        final int at = c.pos;
        final String word = c.identifier();
        if (word == null) {
            throw c.error("expected a value");
        }
        switch (word) {
            case "TRUE":
                return JSON.booleanNode(true);
            case "FALSE":
                return JSON.booleanNode(false);
            default:
                if (c.peekIs("(") || c.peekIs("[")) {
                    c.pos = at;
                    throw c.error("expected a value, found an operator application '" + word + "'");
                }
                c.modelValues.add(word);
                return JSON.textNode(word);
        }
    }

    private void elements(final Cursor c, final String close, final ArrayNode into) {
        c.skipBlanks();
        if (c.tryConsume(close)) {
            return;
        }
        while (true) {
            into.add(value(c));
            c.skipBlanks();
            if (c.tryConsume(close)) {
                return;
            }
            if (!c.tryConsume(",")) {
                throw c.error("expected ',' or '" + close + "'" + (c.atEnd() ? " but the text ended" : ""));
            }
        }
    }

    private JsonNode record(final Cursor c) {
        final ObjectNode rec = JSON.objectNode();
        c.skipBlanks();
        if (c.tryConsume("]")) {
            throw c.error("empty record");
        }
        boolean allInDomain = !functionDomain.isEmpty();
        while (true) {
            c.skipBlanks();
            final int at = c.pos;
            final String field = c.identifier();
            if (field == null) {
                throw c.error("expected a record field name");
            }
            c.skipBlanks();
            if (c.peekIs("\\in")) {
                c.pos = at;
                throw c.error("a function constructor [x \\in S |-> e] is an expression, not a value");
            }
            c.expect("|->");
            if (rec.has(field)) {
                c.pos = at;
                throw c.error("record field '" + field + "' appears twice");
            }
            rec.set(field, value(c));
            allInDomain &= functionDomain.contains(field);
            c.skipBlanks();
            if (c.tryConsume("]")) {
                break;
            }
            c.expect(",");
        }
        if (!allInDomain) {
            return rec;
        }
        final ArrayNode pairs = JSON.arrayNode();
        rec.fields().forEachRemaining(e -> pairs.add(JSON.arrayNode().add(e.getKey()).add(e.getValue())));
        return JSON.objectNode().set(ItfValues.MAP, pairs);
    }

    private JsonNode functionPairs(final Cursor c, final JsonNode firstKey) {
        final ArrayNode pairs = JSON.arrayNode();
        JsonNode key = firstKey;
        while (true) {
            c.expect(":>");
            final JsonNode val = primary(c);
            pairs.add(JSON.arrayNode().add(key).add(val));
            c.skipBlanks();
            if (!c.tryConsume("@@")) {
                return JSON.objectNode().set(ItfValues.MAP, pairs);
            }
            key = primary(c);
            c.skipBlanks();
        }
    }

    private JsonNode interval(final Cursor c, final JsonNode low) {
        final int at = c.pos;
        c.expect("..");
        c.skipBlanks();
        final JsonNode high = ItfValues.integer(c.integer());
        if (!low.canConvertToLong() || !high.canConvertToLong() || !low.isIntegralNumber()) {
            c.pos = at;
            throw c.error("interval bounds must be integers");
        }
        final long lo = low.longValue();
        final long hi = high.longValue();
        if (hi - lo > MAX_INTERVAL) {
            c.pos = at;
            throw c.error("interval " + lo + ".." + hi + " is too large to expand");
        }
        final ArrayNode members = JSON.arrayNode();
        for (long i = lo; i <= hi; i++) {
            members.add(ItfValues.integer(BigInteger.valueOf(i)));
        }
        return set(members);
    }

    private static JsonNode set(final ArrayNode members) {
        return ItfValues.set(members);
    }

    /** A position in the text being parsed. */
    private static final class Cursor {
        final CharSequence text;
        final Set<String> modelValues = new LinkedHashSet<>();
        int pos;

        Cursor(final CharSequence text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return text.charAt(pos);
        }

        boolean peekIs(final String s) {
            if (pos + s.length() > text.length()) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (text.charAt(pos + i) != s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        boolean tryConsume(final String s) {
            if (peekIs(s)) {
                pos += s.length();
                return true;
            }
            return false;
        }

        void expect(final String s) {
            skipBlanks();
            if (!tryConsume(s)) {
                throw error(atEnd() ? "expected '" + s + "' but the text ended" : "expected '" + s + "'");
            }
            skipBlanks();
        }

        void skipBlanks() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                pos++;
            }
        }

        /** A TLA+ identifier (letters, digits, '_'; not all digits), or null. */
        String identifier() {
            final int start = pos;
            boolean letter = false;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
                letter |= !Character.isDigit(peek());
                pos++;
            }
            if (!letter) {
                pos = start;
                return null;
            }
            return text.subSequence(start, pos).toString();
        }

        BigInteger integer() {
            final int start = pos;
            if (peekIs("-")) {
                pos++;
            }
            while (!atEnd() && Character.isDigit(peek())) {
                pos++;
            }
            if (pos == start || (pos == start + 1 && text.charAt(start) == '-')) {
                pos = start;
                throw error("expected an integer");
            }
            return new BigInteger(text.subSequence(start, pos).toString());
        }

        String string() {
            final int start = pos;
            pos++;
            final StringBuilder out = new StringBuilder();
            while (!atEnd()) {
                final char ch = text.charAt(pos++);
                if (ch == '"') {
                    return out.toString();
                }
                if (ch == '\\') {
                    if (atEnd()) {
                        break;
                    }
                    final char esc = text.charAt(pos++);
                    switch (esc) {
                        case 'n': out.append('\n'); break;
                        case 't': out.append('\t'); break;
                        case 'r': out.append('\r'); break;
                        case 'f': out.append('\f'); break;
                        case '"': out.append('"'); break;
                        case '\\': out.append('\\'); break;
                        default:
                            pos -= 2;
                            throw error("unknown escape '\\" + esc + "' in a string");
                    }
                } else {
                    out.append(ch);
                }
            }
            pos = start;
            throw error("string is not closed");
        }

        TlaSyntaxException error(final String problem) {
            return new TlaSyntaxException(problem, text, pos);
        }
    }
}
