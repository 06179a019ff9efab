package dev.hac.spec.tla;

/**
 * TLA+ value text that the parser cannot read. The message names the line and column
 * (1-based, within the parsed text) and shows the text around the offending position,
 * so a caller can prefix its own location (a file, a TLC message, a dot node).
 */
public final class TlaSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    private static final int EXCERPT = 30;

    private final int offset;
    private final int line;
    private final int column;

    TlaSyntaxException(final String problem, final CharSequence text, final int offset) {
        super(describe(problem, text, offset));
        this.offset = offset;
        int l = 1;
        int c = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                l++;
                c = 1;
            } else {
                c++;
            }
        }
        this.line = l;
        this.column = c;
    }

    private static String describe(final String problem, final CharSequence text, final int offset) {
        final int from = Math.max(0, offset - EXCERPT);
        final int to = Math.min(text.length(), offset + EXCERPT);
        final String before = text.subSequence(from, Math.min(offset, text.length())).toString().replace('\n', ' ');
        final String after = text.subSequence(Math.min(offset, text.length()), to).toString().replace('\n', ' ');
        return problem + " at offset " + offset + ": ..." + before + " >>>" + after + "...";
    }

    /** Offset (0-based) in the parsed text. */
    public int offset() {
        return offset;
    }

    /** Line (1-based) in the parsed text. */
    public int line() {
        return line;
    }

    /** Column (1-based) in the parsed text. */
    public int column() {
        return column;
    }
}
