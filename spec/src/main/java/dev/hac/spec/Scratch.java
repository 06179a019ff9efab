package dev.hac.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A private directory for one run's files (model copies, TLC's tmpdir and metadir),
 * deleted on {@link #close()}. TLC must never share a tmpdir or metadir with another
 * run (it deletes the standard modules it extracted; two runs in the same second with
 * the same metadir crash), so every run gets a fresh one.
 */
public final class Scratch implements AutoCloseable {

    /** Default root: {@code target/hac/tlc} of the working directory. */
    public static final Path DEFAULT_ROOT = Path.of("target", "hac", "tlc");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Path dir;

    private Scratch(final Path dir) {
        this.dir = dir;
    }

    /** A new directory {@code root/<label>-<time>-<pid>-<n>}. */
    public static Scratch create(final Path root, final String label) throws IOException {
        final String id = label + "-" + LocalDateTime.now().format(STAMP) + "-" + ProcessHandle.current().pid()
                + "-" + COUNTER.incrementAndGet();
        return new Scratch(Files.createDirectories(root.toAbsolutePath().resolve(id)));
    }

    public Path dir() {
        return dir;
    }

    /** A subdirectory, created. */
    public Path dir(final String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }

    /** A new scratch nested in this one, deleted with it. */
    public Scratch child(final String label) throws IOException {
        return create(dir, label);
    }

    @Override
    public void close() {
        delete(dir);
    }

    /** Deletes {@code dir} and everything in it, as far as possible. */
    static void delete(final Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (final IOException | UncheckedIOException e) {
            // Leaving scratch files under target/ is harmless; the run's result matters more.
        }
    }
}
