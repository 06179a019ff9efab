package dev.hac.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The top-level definitions of the .tla modules beside a model, read textually (no
 * SANY): enough to tell an action property {@code [][A]_v} from a temporal one and to
 * read the literal value a config substitutes for a constant ({@code Procs <- MCProcs}).
 */
final class SpecDefinitions {

    private static final Pattern DEFINITION = Pattern.compile("(?m)^([A-Za-z_][A-Za-z0-9_]*)\\s*==");
    private static final Pattern MODULE_END = Pattern.compile("(?m)^(====|----)");

    private final Map<String, String> bodies = new HashMap<>();

    private SpecDefinitions() {
    }

    static SpecDefinitions scan(final Path dir) throws IOException {
        final SpecDefinitions defs = new SpecDefinitions();
        final List<Path> modules;
        try (Stream<Path> files = Files.list(dir)) {
            modules = files.filter(p -> p.getFileName().toString().endsWith(".tla")).sorted().toList();
        }
        for (final Path m : modules) {
            final String text = withoutLineComments(Files.readString(m));
            final Matcher d = DEFINITION.matcher(text);
            final List<int[]> spans = d.results().map(r -> new int[] {r.start(1), r.end(1), r.end()}).toList();
            for (int i = 0; i < spans.size(); i++) {
                int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : text.length();
                final Matcher stop = MODULE_END.matcher(text).region(spans.get(i)[2], end);
                if (stop.find()) {
                    end = stop.start();
                }
                defs.bodies.putIfAbsent(text.substring(spans.get(i)[0], spans.get(i)[1]),
                        text.substring(spans.get(i)[2], end).trim());
            }
        }
        return defs;
    }

    /** The text of {@code name == <text>} (comments removed), if some module defines it at column 0. */
    Optional<String> body(final String name) {
        return Optional.ofNullable(bodies.get(name));
    }

    /** ACTION for {@code [][A]_v} definitions, TEMPORAL otherwise. */
    PropertyKind propertyKind(final String property) {
        return body(property).filter(b -> b.startsWith("[][")).isPresent() ? PropertyKind.ACTION : PropertyKind.TEMPORAL;
    }

    private static String withoutLineComments(final String text) {
        return text.replaceAll("\\\\\\*[^\n]*", "").replaceAll("(?s)\\(\\*.*?\\*\\)", "");
    }
}
