package dev.hac.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The committed seed corpus of a target: {@code fuzz/src/test/resources/corpus/<target>/}, which also ships in
 * the jar under {@code dev/hac/fuzz/corpus/<target>/}.
 */
public final class Corpus {

    static final String ROOT = "dev/hac/fuzz/corpus/";

    /** One seed: its file name (relative to the target's corpus) and the generator input it stands for. */
    public record Seed(String name, byte[] stream) {
    }

    private Corpus() {
    }

    /** The seeds the build replays, sorted by name. */
    public static List<Seed> seeds(final FuzzTarget target) {
        final String dir = ROOT + target.id() + "/";
        final URL url = Corpus.class.getClassLoader().getResource(dir);
        if (url == null) {
            return List.of();
        }
        final List<Seed> out = new ArrayList<>();
        try {
            if ("jar".equals(url.getProtocol())) {
                final JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile();
                final Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    final JarEntry e = entries.nextElement();
                    if (!e.isDirectory() && e.getName().startsWith(dir)) {
                        try (InputStream in = jar.getInputStream(e)) {
                            out.add(seed(e.getName().substring(dir.length()), in.readAllBytes()));
                        }
                    }
                }
            } else {
                final Path base = Path.of(url.toURI());
                try (Stream<Path> files = Files.walk(base)) {
                    for (final Path p : files.filter(Files::isRegularFile).toList()) {
                        out.add(seed(base.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the " + target.id() + " corpus", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url + " is not a file URL", e);
        }
        out.sort(Comparator.comparing(Seed::name));
        return out;
    }

    private static Seed seed(final String name, final byte[] content) {
        return new Seed(name, FuzzTarget.seedStream(name, content));
    }

    /** Writes seeds into {@code dir} as plain generator inputs (what Zest and {@code ReplayGuidance} read). */
    public static List<Path> write(final List<Seed> seeds, final Path dir) throws IOException {
        Files.createDirectories(dir);
        final List<Path> files = new ArrayList<>();
        for (final Seed s : seeds) {
            final Path p = dir.resolve(s.name().replace('/', '_'));
            Files.write(p, s.stream());
            files.add(p);
        }
        return files;
    }
}
