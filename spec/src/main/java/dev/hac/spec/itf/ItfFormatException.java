package dev.hac.spec.itf;

/**
 * An ITF file that does not follow the format: names the file, the JSON path of the
 * offending value ({@code $.states[3].buf}) and what was expected there.
 */
public final class ItfFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final String jsonPath;
    private final String expected;

    public ItfFormatException(final String source, final String jsonPath, final String expected, final String found) {
        super(source + ": at " + jsonPath + ": expected " + expected + (found == null ? "" : ", found " + found));
        this.source = source;
        this.jsonPath = jsonPath;
        this.expected = expected;
    }

    /** The file (or other source) that was read. */
    public String source() {
        return source;
    }

    /** JSON path of the offending value, e.g. {@code $.states[3].buf}. */
    public String jsonPath() {
        return jsonPath;
    }

    /** What the format requires at that path. */
    public String expected() {
        return expected;
    }
}
