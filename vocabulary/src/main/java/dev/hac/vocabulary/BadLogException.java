package dev.hac.vocabulary;

/** An event log line that does not follow the format: file, line number, field, what was expected. */
public final class BadLogException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String field;

    public BadLogException(final String file, final int line, final String field, final String problem) {
        super(file + (line > 0 ? ":" + line : "") + (field == null ? "" : ": field " + field) + ": " + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public String file() {
        return file;
    }

    /** 1-based line number, or 0 for the file as a whole. */
    public int line() {
        return line;
    }

    /** The offending field ({@code state.vmSeq}), or null. */
    public String field() {
        return field;
    }
}
