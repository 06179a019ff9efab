package dev.hac.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The JSON report of a replay: what was replayed against what, the coverage, every divergence. */
public final class ConformanceReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ConformanceReport() {
    }

    /** The report as a JSON tree; {@code simulation} (TLC -simulate traces, replayed apart) may be null. */
    public static ObjectNode json(final String traces, final String adapter, final Coverage coverage,
                                  final Coverage simulation, final List<Divergence> divergences) {
        final ObjectNode root = JSON.createObjectNode();
        root.put("traces", traces);
        root.put("adapter", adapter);
        root.set("coverage", coverage.toJson());
        if (simulation != null) {
            root.set("simulation", simulation.toJson());
        }
        root.put("divergingTraces", divergences.size());
        final ArrayNode list = root.putArray("divergences");
        divergences.forEach(d -> list.add(d.toJson()));
        return root;
    }

    /** Writes the report to {@code file}, creating its directory. */
    public static void write(final Path file, final String traces, final String adapter, final Coverage coverage,
                             final Coverage simulation, final List<Divergence> divergences) throws IOException {
        final Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        JSON.writeValue(file.toFile(), json(traces, adapter, coverage, simulation, divergences));
    }
}
