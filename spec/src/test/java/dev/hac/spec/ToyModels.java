package dev.hac.spec;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The toy spec under src/test/resources/toy: one model per outcome, two mutants. */
final class ToyModels {

    static final Path SCRATCH = Path.of("target", "hac", "tlc-test");

    private ToyModels() {
    }

    static Path dir() {
        try {
            return Path.of(ToyModels.class.getResource("/toy").toURI());
        } catch (final URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ModelRepository repository() {
        return ModelRepository.directory(dir(), dir().resolve("mutants"));
    }
}
