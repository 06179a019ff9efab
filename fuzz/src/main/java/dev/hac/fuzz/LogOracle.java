package dev.hac.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hac.conformance.EventLog;
import dev.hac.vocabulary.BadLogException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code log} target's oracle for the conformance suite's NDJSON event-log reader ({@link EventLog#read}):
 * every file is either read or refused with a {@link BadLogException} that names the file and a line of it (or
 * line 0 for the file as a whole), or an {@link IOException} that names the file; nothing else escapes. A log
 * that is read has exactly one JSON object on every non-blank line (nothing after it), and its steps are lines
 * of the file, in order.
 */
public final class LogOracle {

    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ScratchFile FILE = new ScratchFile(".ndjson");

    /** How the oracle reads; tests substitute broken readers to show the oracle notices. */
    @FunctionalInterface
    interface Reader {
        EventLog read(Path file) throws IOException, BadLogException;
    }

    private LogOracle() {
    }

    public static void check(final TextDocument doc) {
        check(doc, file -> EventLog.read(file, Map.of()));
    }

    static void check(final TextDocument doc, final Reader reader) {
        final Path path = FILE.write(doc);
        final String[] lines = doc.text().split("\r\n|\r|\n", -1);
        final EventLog log;
        try {
            log = reader.read(path);
        } catch (BadLogException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith(path.toString()) || e.line() < 0
                    || e.line() > lines.length || e.line() > 0 && !e.getMessage().contains(":" + e.line())) {
                throw new AssertionError("unclear log error (line " + e.line() + ", field " + e.field() + "): "
                        + e.getMessage() + "\nfor:\n" + doc, e);
            }
            return;
        } catch (IOException e) {
            FILE.requireNamed(e, "the log", doc);
            return;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("EventLog.read threw " + e + " instead of a BadLogException for:\n" + doc, e);
        }
        for (int i = 0; i < lines.length; i++) {
            // The reader drops an unterminated, unparsable last line (a writer killed mid-line) and says so.
            if (lines[i].isBlank() || i + 1 == log.droppedLine()) {
                continue;
            }
            try {
                final JsonNode node = STRICT.readTree(lines[i]);
                if (!node.isObject()) {
                    throw new AssertionError("EventLog accepted line " + (i + 1) + ", which is not an object: " + lines[i]);
                }
            } catch (JsonProcessingException e) {
                throw new AssertionError("EventLog accepted line " + (i + 1) + ", which is not one JSON object ("
                        + e.getOriginalMessage() + "):\n" + doc);
            }
        }
        int previous = 0;
        for (final EventLog.Line l : log.lines()) {
            if (l.lineNo() <= previous || l.lineNo() > lines.length) {
                throw new AssertionError("step at line " + l.lineNo() + " after line " + previous + " in a file of "
                        + lines.length + " lines:\n" + doc);
            }
            previous = l.lineNo();
        }
    }
}
