package dev.hac.spec;

/**
 * A place in a spec or config file, for error messages.
 *
 * @param file   the file as the user knows it
 * @param line   1-based line, 0 if unknown
 * @param column 1-based column, 0 if unknown
 */
public record SourceLocation(String file, int line, int column) {

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "");
    }
}
