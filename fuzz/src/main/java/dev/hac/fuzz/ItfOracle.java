package dev.hac.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hac.spec.itf.ItfFormatException;
import dev.hac.spec.itf.ItfReader;
import dev.hac.spec.itf.ItfState;
import dev.hac.spec.itf.ItfTrace;
import dev.hac.spec.itf.ItfWriter;
import dev.hac.vocabulary.ItfValues;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * The {@code itf} target's oracle for {@link ItfReader}, from a string and from a file:
 * <ul>
 * <li>every document is either read or refused with an {@link ItfFormatException} that names the source, a
 *     location ({@code $...} JSON path, or line and column) and what was expected; reading a file may also fail
 *     with an {@link IOException} whose message names the file; nothing else escapes;</li>
 * <li>a document that is read is exactly one JSON value (nothing after it), every value the trace carries
 *     (variables, parameters, {@code mbt::nondetPicks}) is an ITF value by an independent walk of the format's
 *     rules, and writing the trace back and reading it again gives the same trace;</li>
 * <li>the file gives the same outcome as its text, unless the file is not UTF-8: then it is refused with an
 *     error that names it (its text, with the bad bytes replaced, may still read).</li>
 * </ul>
 */
public final class ItfOracle {

    static final String SOURCE = "fuzz-input.itf.json";
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ScratchFile FILE = new ScratchFile(".itf.json");

    /** How the oracle reads; tests substitute broken readers to show the oracle notices. */
    interface Reader {
        ItfTrace read(String source, String text) throws ItfFormatException;

        ItfTrace read(Path file) throws IOException, ItfFormatException;
    }

    private static final Reader REAL = new Reader() {
        @Override
        public ItfTrace read(final String source, final String text) throws ItfFormatException {
            return ItfReader.read(source, text);
        }

        @Override
        public ItfTrace read(final Path file) throws IOException, ItfFormatException {
            return ItfReader.read(file);
        }
    };

    private ItfOracle() {
    }

    public static void check(final TextDocument doc) {
        check(doc, REAL);
    }

    static void check(final TextDocument doc, final Reader reader) {
        final ItfTrace fromText = readText(doc, reader);
        final Path path = FILE.write(doc);
        final ItfTrace fromFile;
        try {
            fromFile = reader.read(path);
        } catch (ItfFormatException e) {
            if (fromText != null && doc.isUtf8()) {
                throw new AssertionError("the file is refused (" + e.getMessage() + "), its text is read:\n" + doc, e);
            }
            return;
        } catch (IOException e) {
            FILE.requireNamed(e, "the trace", doc);
            return;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("ItfReader.read(Path) threw " + e + "\nfor:\n" + doc, e);
        }
        if (!doc.isUtf8()) {
            throw new AssertionError("a file that is not UTF-8 was read as " + fromFile + ":\n" + doc);
        }
        if (fromText == null || !fromText.equals(fromFile)) {
            throw new AssertionError("the file is read as " + fromFile + ", its text as " + fromText + ":\n" + doc);
        }
    }

    /** The trace read from the document's text, or null when it was refused with a clear error. */
    private static ItfTrace readText(final TextDocument doc, final Reader reader) {
        final ItfTrace trace;
        try {
            trace = reader.read(SOURCE, doc.text());
        } catch (ItfFormatException e) {
            checkError(e, doc);
            return null;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("ItfReader threw " + e + " instead of an ItfFormatException for:\n" + doc, e);
        }
        try {
            STRICT.readTree(doc.text());
        } catch (JsonProcessingException e) {
            throw new AssertionError("ItfReader accepted a document that is not one JSON value ("
                    + e.getOriginalMessage() + "):\n" + doc);
        }
        for (final ItfState s : trace.states()) {
            final String at = "$.states[" + s.index() + "]";
            for (final Map.Entry<String, JsonNode> v : s.values().entrySet()) {
                requireItfValue(v.getValue(), at + "." + v.getKey(), doc);
            }
            if (s.nondetPicks() != null) {
                requireItfValue(s.nondetPicks(), at + ".mbt::nondetPicks", doc);
            }
        }
        final String written = ItfWriter.toString(trace);
        final ItfTrace again;
        try {
            again = ItfReader.read("rewritten", written);
        } catch (ItfFormatException e) {
            throw new AssertionError("ItfWriter wrote what ItfReader refuses (" + e.getMessage() + "):\n" + written, e);
        }
        if (!again.equals(trace)) {
            throw new AssertionError("read -> write -> read changed the trace:\n" + trace + "\nbecame\n" + again);
        }
        return trace;
    }

    /**
     * The ITF value rules, restated: strings, booleans, integers, arrays of values, records (objects whose keys do
     * not start with {@code #}) of values, and the tagged forms {@code #bigint} (decimal digits), {@code #tup},
     * {@code #set} (arrays of values), {@code #map} (array of [key, value] pairs) and {@code #unserializable} (a
     * string).
     */
    private static void requireItfValue(final JsonNode v, final String at, final TextDocument doc) {
        final boolean scalar = v.isTextual() || v.isBoolean() || v.isIntegralNumber();
        if (scalar) {
            return;
        }
        if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                requireItfValue(v.get(i), at + "[" + i + "]", doc);
            }
            return;
        }
        if (!v.isObject()) {
            throw notItf(v, at, doc);
        }
        if (v.size() == 1 && v.has(ItfValues.BIGINT) && v.get(ItfValues.BIGINT).isTextual()
                && v.get(ItfValues.BIGINT).textValue().matches("-?[0-9]+")) {
            return;
        }
        if (v.size() == 1 && (v.has(ItfValues.TUP) || v.has(ItfValues.SET))) {
            final JsonNode items = v.has(ItfValues.TUP) ? v.get(ItfValues.TUP) : v.get(ItfValues.SET);
            if (!items.isArray()) {
                throw notItf(v, at, doc);
            }
            requireItfValue(items, at, doc);
            return;
        }
        if (v.size() == 1 && v.has(ItfValues.MAP) && v.get(ItfValues.MAP).isArray()) {
            for (final JsonNode pair : v.get(ItfValues.MAP)) {
                if (!pair.isArray() || pair.size() != 2) {
                    throw notItf(v, at, doc);
                }
                requireItfValue(pair, at + ".#map", doc);
            }
            return;
        }
        if (v.size() == 1 && v.has(ItfValues.UNSERIALIZABLE) && v.get(ItfValues.UNSERIALIZABLE).isTextual()) {
            return;
        }
        final Iterator<Map.Entry<String, JsonNode>> fields = v.fields();
        while (fields.hasNext()) {
            final Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().startsWith("#")) {
                throw notItf(v, at, doc);
            }
            requireItfValue(f.getValue(), at + "." + f.getKey(), doc);
        }
    }

    private static AssertionError notItf(final JsonNode v, final String at, final TextDocument doc) {
        return new AssertionError("ItfReader accepted a value that is not an ITF value at " + at + ": " + v
                + "\nin:\n" + doc);
    }

    private static void checkError(final ItfFormatException e, final TextDocument doc) {
        final String where = e.jsonPath();
        final boolean located = where != null && (where.startsWith("$") || where.startsWith("line "));
        if (!SOURCE.equals(e.source()) || !located || e.expected() == null || e.expected().isBlank()
                || e.getMessage() == null || !e.getMessage().startsWith(SOURCE + ": at ")) {
            throw new AssertionError("unclear ITF error (source " + e.source() + ", path " + where + ", expected "
                    + e.expected() + "): " + e.getMessage() + "\nfor:\n" + doc, e);
        }
    }
}
