package dev.hac.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the file and line that TLC's (or SANY's) error text blames. */
final class TlcErrors {

    private static final Pattern PARSE_MODULE = Pattern.compile("Could not parse module (\\w+)");
    private static final Pattern PARSE_AT = Pattern.compile("at line (\\d+), column (\\d+)");
    private static final Pattern SEMANTIC = Pattern.compile(
            "line (\\d+), col (\\d+) to line \\d+, col \\d+ of module (\\w+)");
    private static final Pattern CFG_LINE = Pattern.compile("configuration file at line (\\d+)");
    private static final Pattern CFG_NAME = Pattern.compile(
            "(?i)\\b(?:invariant|property|constant|operator|definition|specification|init|next)\\s+(\\w+)");
    private static final Pattern MISSING_MODULE = Pattern.compile("Cannot find source file for module (\\w+)");

    private TlcErrors() {
    }

    /** The location named in {@code text}, or null if it names none. */
    static SourceLocation locate(final String text, final Model model) {
        final Matcher module = PARSE_MODULE.matcher(text);
        final Matcher at = PARSE_AT.matcher(text);
        if (module.find() && at.find()) {
            return new SourceLocation(model.display(module.group(1) + ".tla"), Integer.parseInt(at.group(1)),
                    Integer.parseInt(at.group(2)));
        }
        final Matcher sem = SEMANTIC.matcher(text);
        if (sem.find()) {
            return new SourceLocation(model.display(sem.group(3) + ".tla"), Integer.parseInt(sem.group(1)),
                    Integer.parseInt(sem.group(2)));
        }
        final String cfgName = model.display(model.cfgFile().getFileName().toString());
        final Matcher cfgLine = CFG_LINE.matcher(text);
        if (cfgLine.find()) {
            return new SourceLocation(cfgName, Integer.parseInt(cfgLine.group(1)), 0);
        }
        if (text.contains("configuration file")) {
            final Matcher name = CFG_NAME.matcher(text);
            while (name.find()) {
                final int line = model.cfg().lineOf(name.group(1));
                if (line > 0) {
                    return new SourceLocation(cfgName, line, 0);
                }
            }
            return new SourceLocation(cfgName, 0, 0);
        }
        final Matcher missing = MISSING_MODULE.matcher(text);
        if (missing.find()) {
            return new SourceLocation(model.display(missing.group(1) + ".tla"), 0, 0);
        }
        return null;
    }
}
