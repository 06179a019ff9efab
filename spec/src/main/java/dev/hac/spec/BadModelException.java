package dev.hac.spec;

/**
 * Input the driver cannot run: an unknown model, a config without its module, a mutant
 * that does not apply. Names the file and, when known, the line (0 if not).
 */
public final class BadModelException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public BadModelException(final String file, final int line, final String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }
}
