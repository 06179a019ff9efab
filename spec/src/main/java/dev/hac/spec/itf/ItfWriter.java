package dev.hac.spec.itf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes {@link ItfTrace}s as ITF JSON ({@code .itf.json}). */
public final class ItfWriter {

    static final String META = "#meta";
    static final String ACTION_TAKEN = "mbt::actionTaken";
    static final String NONDET_PICKS = "mbt::nondetPicks";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ItfWriter() {
    }

    /** The trace as a JSON tree. */
    public static ObjectNode toJson(final ItfTrace trace) {
        final ObjectNode root = MAPPER.createObjectNode();
        root.set(META, trace.meta().deepCopy());
        if (!trace.params().isEmpty()) {
            final ArrayNode params = root.putArray("params");
            trace.params().forEach(params::add);
        }
        final ArrayNode vars = root.putArray("vars");
        trace.vars().forEach(vars::add);
        final ArrayNode states = root.putArray("states");
        for (final ItfState s : trace.states()) {
            final ObjectNode state = states.addObject();
            final ObjectNode meta = state.putObject(META);
            meta.put("index", s.index());
            meta.setAll(s.meta());
            if (s.actionTaken() != null) {
                state.put(ACTION_TAKEN, s.actionTaken());
            }
            if (s.nondetPicks() != null) {
                state.set(NONDET_PICKS, s.nondetPicks());
            }
            for (final Map.Entry<String, JsonNode> v : s.values().entrySet()) {
                state.set(v.getKey(), v.getValue());
            }
        }
        if (trace.loop() != null) {
            root.put("loop", trace.loop());
        }
        return root;
    }

    /** The trace as pretty-printed JSON text. */
    public static String toString(final ItfTrace trace) {
        try {
            return MAPPER.writeValueAsString(toJson(trace));
        } catch (final IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** Writes the trace to {@code file}, creating its directory. */
    public static void write(final ItfTrace trace, final Path file) throws IOException {
        final Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(file, toString(trace) + System.lineSeparator());
    }
}
