package dev.hac.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One temporary file per reader target and JVM, rewritten for every input (JQF runs inputs one at a time). */
final class ScratchFile {

    private final String suffix;
    private Path path;

    ScratchFile(final String suffix) {
        this.suffix = suffix;
    }

    /** The file, now holding exactly the document's bytes. */
    Path write(final TextDocument doc) {
        try {
            if (path == null) {
                path = Files.createTempFile("hac-fuzz-", suffix);
                path.toFile().deleteOnExit();
            }
            return Files.write(path, doc.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException("fuzz harness: cannot write the scratch file", e);
        }
    }

    /** A reader's I/O error must name the file it could not read ({@code what}: "the log", ...). */
    void requireNamed(final IOException e, final String what, final TextDocument doc) {
        if (e.getMessage() == null || !e.getMessage().contains(path.toString())) {
            throw new AssertionError("reading " + what + " failed with an error that does not name the file: " + e
                    + "\nfor:\n" + doc, e);
        }
    }
}
