package dev.hac.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately broken variant of the spec that TLC must reject with one named
 * property. File format ({@code <Name>.mutant}):
 * <pre>
 * \* mutant: what is broken, one line
 * \* model: MC_default
 * \* kills: PropertyName
 * \* why: optional explanation
 * &lt;&lt;&lt;&lt;&lt;&lt;&lt; OutputCommit.tla
 * exact old text (one or more lines)
 * =======
 * replacement text
 * &gt;&gt;&gt;&gt;&gt;&gt;&gt;
 * </pre>
 * with one or more patch blocks. A patch whose old text does not occur exactly once
 * in its file is an error naming the mutant file and line, so mutants cannot silently
 * rot when the spec changes.
 */
public record Mutant(String name, String source, String description, String model, String kills, String why,
                     List<Patch> patches) {

    private static final Pattern HEADER = Pattern.compile("^\\\\\\*\\s*(mutant|model|kills|why):\\s*(.*)$");
    private static final String OPEN = "<<<<<<< ";
    private static final String MIDDLE = "=======";
    private static final String CLOSE = ">>>>>>>";

    /** One replacement: {@code oldText} in {@code target} becomes {@code newText}; {@code line} is in the mutant file. */
    public record Patch(String target, String oldText, String newText, int line) {
    }

    public Mutant {
        patches = List.copyOf(patches);
    }

    /** Reads a mutant file; {@code source} names it in messages. */
    public static Mutant read(final Path file, final String source) throws IOException, BadModelException {
        final String fileName = file.getFileName().toString();
        final String name = fileName.endsWith(".mutant") ? fileName.substring(0, fileName.length() - 7) : fileName;
        final List<String> lines = List.of(Files.readString(file).replace("\r\n", "\n").split("\n", -1));
        String description = null;
        String model = null;
        String kills = null;
        String why = null;
        final List<Patch> patches = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            final String line = lines.get(i);
            final Matcher h = HEADER.matcher(line.trim());
            if (line.startsWith(OPEN)) {
                final int start = i + 1;
                final String target = line.substring(OPEN.length()).trim();
                final StringBuilder oldText = new StringBuilder();
                final StringBuilder newText = new StringBuilder();
                StringBuilder into = oldText;
                i++;
                while (true) {
                    if (i >= lines.size()) {
                        throw new BadModelException(source, start, "patch block is not closed with '" + CLOSE + "'");
                    }
                    final String l = lines.get(i);
                    if (l.equals(MIDDLE) && into == oldText) {
                        into = newText;
                    } else if (l.equals(CLOSE)) {
                        break;
                    } else {
                        into.append(l).append('\n');
                    }
                    i++;
                }
                if (into == oldText) {
                    throw new BadModelException(source, start, "patch block has no '" + MIDDLE + "' line");
                }
                if (oldText.length() == 0) {
                    throw new BadModelException(source, start, "patch block has no old text to replace");
                }
                patches.add(new Patch(target, oldText.toString(), newText.toString(), start + 1));
            } else if (h.matches()) {
                switch (h.group(1)) {
                    case "mutant" -> description = h.group(2).trim();
                    case "model" -> model = h.group(2).trim();
                    case "kills" -> kills = h.group(2).trim();
                    default -> why = h.group(2).trim();
                }
            } else if (!line.isBlank() && !line.trim().startsWith("\\*")) {
                throw new BadModelException(source, i + 1, "expected a '\\* key: value' header or a patch block ('"
                        + OPEN + "<file>'), found: " + line);
            }
            i++;
        }
        for (final String[] required : new String[][] {{"mutant", description}, {"model", model}, {"kills", kills}}) {
            if (required[1] == null || required[1].isEmpty()) {
                throw new BadModelException(source, 1, "missing header line '\\* " + required[0] + ": ...'");
            }
        }
        if (patches.isEmpty()) {
            throw new BadModelException(source, lines.size(), "no patch block");
        }
        return new Mutant(name, source, description, model, kills, why, patches);
    }

    /** Applies every patch to the files in {@code dir} (a scratch copy of the models). */
    public void applyTo(final Path dir) throws IOException, BadModelException {
        for (final Patch p : patches) {
            final Path target = dir.resolve(p.target());
            if (!Files.isRegularFile(target)) {
                throw new BadModelException(source, p.line() - 1, "patches " + p.target() + ", which is not a model file");
            }
            final String text = Files.readString(target).replace("\r\n", "\n");
            final int first = text.indexOf(p.oldText());
            if (first < 0) {
                throw new BadModelException(source, p.line(), "the old text does not occur in " + p.target()
                        + " (has the spec changed?)");
            }
            if (text.indexOf(p.oldText(), first + 1) >= 0) {
                throw new BadModelException(source, p.line(), "the old text occurs more than once in " + p.target()
                        + "; include more context so it is unique");
            }
            Files.writeString(target, text.substring(0, first) + p.newText() + text.substring(first + p.oldText().length()));
        }
    }
}
