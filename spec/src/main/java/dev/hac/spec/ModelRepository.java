package dev.hac.spec;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where models and mutants come from: the ones embedded in the spec jar (resources
 * {@code tla/} and {@code tla/mutants/}), or any pair of directories (the source tree,
 * a test fixture). TLC needs real files it may write beside, so every run works on a
 * copy materialised into a {@link Scratch}.
 */
public final class ModelRepository {

    private static final String EMBEDDED = "tla";

    private final Path models;
    private final Path mutants;
    private final String origin;

    private ModelRepository(final Path models, final Path mutants, final String origin) {
        this.models = models;
        this.mutants = mutants;
        this.origin = origin;
    }

    /** The models and mutants packaged with this library (spec/tla, spec/mutants). */
    public static ModelRepository embedded() throws IOException {
        final Path root = classpathRoot();
        return new ModelRepository(root.resolve(EMBEDDED), root.resolve(EMBEDDED).resolve("mutants"), "tla (embedded)");
    }

    /** Models in {@code models} and mutants in {@code mutants} (which may be missing). */
    public static ModelRepository directory(final Path models, final Path mutants) {
        return new ModelRepository(models, mutants, models.toString());
    }

    /** Names of the models ({@code MC_*.cfg}), sorted. */
    public List<String> modelNames() throws IOException {
        if (!Files.isDirectory(models)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(models)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("MC_") && n.endsWith(".cfg"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
    }

    /** Every mutant, sorted by name. */
    public List<Mutant> mutants() throws IOException, BadModelException {
        if (!Files.isDirectory(mutants)) {
            return List.of();
        }
        final List<Path> files;
        try (Stream<Path> all = Files.list(mutants)) {
            files = all.filter(p -> p.getFileName().toString().endsWith(".mutant")).sorted().toList();
        }
        final List<Mutant> out = new ArrayList<>();
        for (final Path f : files) {
            out.add(Mutant.read(f, origin + "/mutants/" + f.getFileName()));
        }
        return out;
    }

    /** The named model, copied into {@code scratch}. */
    public Model model(final String name, final Scratch scratch) throws IOException, BadModelException {
        final List<String> names = modelNames();
        if (!names.contains(name)) {
            throw new BadModelException(name, 0, "unknown model; " + (names.isEmpty() ? "there are no models in "
                    + origin : "available: " + String.join(", ", names)) + " (or give the path of a .cfg file)");
        }
        return Model.of(materialise(scratch.dir("models")).resolve(name + ".cfg"), origin);
    }

    /** The mutant's model with the mutant applied, copied into {@code scratch}. */
    public Model mutated(final Mutant mutant, final Scratch scratch) throws IOException, BadModelException {
        if (!modelNames().contains(mutant.model())) {
            throw new BadModelException(mutant.source(), 2, "names model " + mutant.model() + ", which does not exist");
        }
        final Path dir = materialise(scratch.dir("mutant-" + mutant.name()));
        mutant.applyTo(dir);
        return Model.of(dir.resolve(mutant.model() + ".cfg"), origin + " + mutant " + mutant.name());
    }

    /**
     * A model named on the command line: an existing {@code .cfg} path (run in place, beside
     * its .tla files) or the name of a model in this repository.
     */
    public Model resolve(final String nameOrFile, final Scratch scratch) throws IOException, BadModelException {
        if (nameOrFile.endsWith(".cfg")) {
            final Path file = Path.of(nameOrFile);
            if (!Files.isRegularFile(file)) {
                throw new BadModelException(nameOrFile, 0, "no such file");
            }
            return Model.of(file, file.toAbsolutePath().getParent().toString());
        }
        return model(nameOrFile, scratch);
    }

    private Path materialise(final Path into) throws IOException {
        try (Stream<Path> files = Files.list(models)) {
            for (final Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, into.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return into;
    }

    /** The directory or jar this class was loaded from, as a path (a zip file system for a jar). */
    private static Path classpathRoot() throws IOException {
        final URI location;
        try {
            location = ModelRepository.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (final URISyntaxException e) {
            throw new IOException("cannot locate the spec classes", e);
        }
        final Path path = Path.of(location);
        if (Files.isDirectory(path)) {
            return path;
        }
        final URI jar = URI.create("jar:" + path.toUri());
        FileSystem fs;
        try {
            fs = FileSystems.newFileSystem(jar, Map.of());
        } catch (final FileSystemAlreadyExistsException e) {
            fs = FileSystems.getFileSystem(jar);
        }
        return fs.getPath("/");
    }
}
