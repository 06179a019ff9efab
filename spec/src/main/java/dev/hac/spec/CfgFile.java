package dev.hac.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLC model configuration (.cfg) as far as the driver needs it: the invariants and
 * properties it checks, its constant assignments, and the header convention of this
 * project: first line {@code \* <purpose>}, a line {@code \* expect: pass} or
 * {@code \* expect: violation <Property>}, optionally {@code \* module: <Name>} to name
 * the .tla module the config belongs to, and {@code \* mode: simulation} on a model whose
 * state space is too big to ever finish exhaustively (it is for TLC {@code -simulate} only).
 */
public final class CfgFile {

    private static final Pattern KEYWORD = Pattern.compile("\\b(SPECIFICATION|INIT|NEXT|INVARIANTS?|PROPERTY|PROPERTIES"
            + "|CONSTANTS?|CONSTRAINTS?|ACTION_CONSTRAINTS?|SYMMETRY|VIEW|CHECK_DEADLOCK|POSTCONDITION|ALIAS)\\b");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(=|<-)");
    private static final Pattern EXPECT = Pattern.compile("^\\\\\\*\\s*expect:\\s*(\\S+)\\s*(\\S*)");
    private static final Pattern MODULE = Pattern.compile("^\\\\\\*\\s*module:\\s*(\\w+)");
    private static final Pattern SIMULATION_ONLY = Pattern.compile("^\\\\\\*\\s*mode:\\s*simulation\\b");

    /** What a model's header says TLC must find. */
    public record Expectation(String violatedProperty) {
        public static final Expectation PASS = new Expectation(null);

        public boolean pass() {
            return violatedProperty == null;
        }

        @Override
        public String toString() {
            return pass() ? "pass" : "violation " + violatedProperty;
        }
    }

    /** A constant assignment: {@code Name = value} or {@code Name <- Definition}. */
    public record Constant(String name, boolean substitution, String text) {
    }

    private record Section(String keyword, int start, int bodyStart, int end) {
    }

    private final Path file;
    private final String text;
    private final String code;
    private final List<Section> sections = new ArrayList<>();
    private final String purpose;
    private final Expectation expectation;
    private final String module;
    private final boolean simulationOnly;

    private CfgFile(final Path file, final String text) {
        this.file = file;
        this.text = text;
        this.code = withoutComments(text);
        final Matcher m = KEYWORD.matcher(code);
        final List<int[]> starts = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start(), m.end()});
        }
        for (int i = 0; i < starts.size(); i++) {
            final int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : code.length();
            sections.add(new Section(code.substring(starts.get(i)[0], starts.get(i)[1]), starts.get(i)[0],
                    starts.get(i)[1], end));
        }
        final String[] lines = text.split("\n", -1);
        purpose = lines.length > 0 && lines[0].startsWith("\\*") ? lines[0].substring(2).trim() : "";
        Expectation expect = null;
        String mod = null;
        boolean simulation = false;
        for (final String line : lines) {
            final Matcher e = EXPECT.matcher(line.trim());
            if (e.find() && expect == null) {
                expect = "pass".equals(e.group(1)) ? Expectation.PASS : new Expectation(e.group(2));
            }
            final Matcher mm = MODULE.matcher(line.trim());
            if (mm.find()) {
                mod = mm.group(1);
            }
            simulation |= SIMULATION_ONLY.matcher(line.trim()).find();
        }
        expectation = expect;
        module = mod;
        simulationOnly = simulation;
    }

    /** Reads a .cfg file. */
    public static CfgFile read(final Path file) throws IOException {
        return new CfgFile(file, Files.readString(file));
    }

    /** Parses .cfg text; {@code file} is only used to name it. */
    public static CfgFile parse(final Path file, final String text) {
        return new CfgFile(file, text);
    }

    public Path file() {
        return file;
    }

    public String text() {
        return text;
    }

    /** The one-line purpose from the header, or "" if it has none. */
    public String purpose() {
        return purpose;
    }

    /** The {@code expect:} header line, or null if the config has none. */
    public Expectation expectation() {
        return expectation;
    }

    /** The module named by a {@code \* module:} header line, or null. */
    public String module() {
        return module;
    }

    /** True when the header says {@code \* mode: simulation}: exhaustive checking would not end. */
    public boolean simulationOnly() {
        return simulationOnly;
    }

    public List<String> invariants() {
        return names("INVARIANT");
    }

    /** Temporal and action properties (PROPERTY / PROPERTIES). */
    public List<String> properties() {
        return names("PROPERT");
    }

    /** The SPECIFICATION formula's name, if the config names one. */
    public Optional<String> specification() {
        return first("SPECIFICATION");
    }

    /** The INIT predicate's name (configs without SPECIFICATION). */
    public Optional<String> init() {
        return first("INIT");
    }

    /** The NEXT action's name (configs without SPECIFICATION). */
    public Optional<String> next() {
        return first("NEXT");
    }

    /** The VIEW's name, if any. */
    public Optional<String> view() {
        return first("VIEW");
    }

    /** Constant assignments in order. */
    public List<Constant> constants() {
        final List<Constant> out = new ArrayList<>();
        for (final Section s : sections) {
            if (!s.keyword().startsWith("CONSTANT")) {
                continue;
            }
            final String body = code.substring(s.bodyStart(), s.end());
            // A value such as {"c1", "c2"} holds no '=' or '<-': each match starts the next assignment.
            final List<MatchResult> found = ASSIGNMENT.matcher(body).results().toList();
            for (int i = 0; i < found.size(); i++) {
                final MatchResult a = found.get(i);
                final int valueEnd = i + 1 < found.size() ? found.get(i + 1).start() : body.length();
                out.add(new Constant(a.group(1), "<-".equals(a.group(2)), body.substring(a.end(), valueEnd).trim()));
            }
        }
        return out;
    }

    /** Constant name to assignment. */
    public Map<String, Constant> constantsByName() {
        final Map<String, Constant> out = new LinkedHashMap<>();
        constants().forEach(c -> out.put(c.name(), c));
        return out;
    }

    /**
     * The same model checking only {@code property}: invariants and other properties
     * dropped. Used to find which of several temporal properties TLC found violated.
     */
    public String withOnlyProperty(final String property) {
        final StringBuilder out = new StringBuilder("\\* derived from ").append(file.getFileName())
                .append(": only ").append(property).append('\n');
        for (final Section s : sections) {
            if (!s.keyword().startsWith("INVARIANT") && !s.keyword().startsWith("PROPERT")) {
                out.append(code, s.start(), s.end()).append('\n');
            }
        }
        return out.append("PROPERTY ").append(property).append('\n').toString();
    }

    /**
     * The same model over {@code module} ({@link StepChecks}): its {@code HacInit} and {@code HacNext} instead of
     * the specification, {@code invariants} added, every property dropped (they are among the invariants), and
     * {@code view} (null: none) instead of the view.
     */
    String withStepChecks(final String module, final List<String> invariants, final String view) {
        final StringBuilder out = new StringBuilder("\\* derived from ").append(file.getFileName())
                .append(": action properties as invariants\n\\* module: ").append(module).append('\n');
        for (final Section s : sections) {
            if (!List.of("SPECIFICATION", "INIT", "NEXT", "VIEW").contains(s.keyword())
                    && !s.keyword().startsWith("PROPERT")) {
                out.append(code, s.start(), s.end()).append('\n');
            }
        }
        out.append("INIT HacInit\nNEXT HacNext\n");
        invariants.forEach(i -> out.append("INVARIANT ").append(i).append('\n'));
        return view == null ? out.toString() : out.append("VIEW ").append(view).append('\n').toString();
    }

    /** The 1-based line where {@code word} first appears outside comments, or 0. */
    public int lineOf(final String word) {
        final Matcher m = Pattern.compile("\\b" + Pattern.quote(word) + "\\b").matcher(code);
        if (!m.find()) {
            return 0;
        }
        int line = 1;
        for (int i = 0; i < m.start(); i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private Optional<String> first(final String keyword) {
        return sections.stream().filter(s -> s.keyword().equals(keyword)).findFirst()
                .flatMap(s -> IDENT.matcher(code.substring(s.bodyStart(), s.end())).results().findFirst())
                .map(MatchResult::group);
    }

    private List<String> names(final String keywordPrefix) {
        final List<String> out = new ArrayList<>();
        for (final Section s : sections) {
            if (s.keyword().startsWith(keywordPrefix)) {
                final Matcher m = IDENT.matcher(code.substring(s.bodyStart(), s.end()));
                while (m.find()) {
                    out.add(m.group());
                }
            }
        }
        return out;
    }

    /** Blanks out {@code \*} line comments and {@code (* *)} block comments, keeping offsets and lines. */
    private static String withoutComments(final String text) {
        final char[] out = text.toCharArray();
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < out.length; i++) {
            final char c = text.charAt(i);
            final char next = i + 1 < out.length ? text.charAt(i + 1) : 0;
            if (depth == 0 && c == '"') {
                inString = !inString;
            } else if (!inString && depth == 0 && c == '\\' && next == '*') {
                while (i < out.length && text.charAt(i) != '\n') {
                    out[i++] = ' ';
                }
                continue;
            } else if (!inString && c == '(' && next == '*') {
                depth++;
                out[i] = ' ';
                out[++i] = ' ';
                continue;
            } else if (!inString && depth > 0 && c == '*' && next == ')') {
                depth--;
                out[i] = ' ';
                out[++i] = ' ';
                continue;
            }
            if (depth > 0 && c != '\n') {
                out[i] = ' ';
            }
        }
        return new String(out);
    }
}
