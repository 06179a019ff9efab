package dev.hac.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hac.spec.itf.ItfFormatException;
import dev.hac.spec.itf.ItfReader;
import dev.hac.spec.itf.ItfTrace;
import dev.hac.spec.itf.ItfWriter;

/**
 * The {@code itf} target's oracle for {@link ItfReader}: every document is either read or refused with an
 * {@link ItfFormatException} that names the source, a location ({@code $...} JSON path or line and column) and
 * what was expected; nothing else escapes. A document that is read must be exactly one JSON value (nothing after
 * it), and writing the trace back and reading it again gives the same trace.
 */
public final class ItfOracle {

    static final String SOURCE = "fuzz-input.itf.json";
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ItfOracle() {
    }

    public static void check(final TextDocument doc) {
        final ItfTrace trace;
        try {
            trace = ItfReader.read(SOURCE, doc.text());
        } catch (ItfFormatException e) {
            checkError(e, doc);
            return;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("ItfReader threw " + e + " instead of an ItfFormatException for:\n" + doc, e);
        }
        try {
            STRICT.readTree(doc.text());
        } catch (JsonProcessingException e) {
            throw new AssertionError("ItfReader accepted a document that is not one JSON value ("
                    + e.getOriginalMessage() + "):\n" + doc);
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
