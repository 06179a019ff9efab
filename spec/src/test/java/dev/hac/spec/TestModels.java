package dev.hac.spec;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test fixtures: the toy spec under src/test/resources/toy (one model per outcome, two mutants) and a scratch root. */
final class TestModels {

    static final Path SCRATCH = Path.of("target", "hac", "tlc-test");

    private TestModels() {
    }

    static Path dir() {
        try {
            return Path.of(TestModels.class.getResource("/toy").toURI());
        } catch (final URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ModelRepository toy() {
        return ModelRepository.directory(dir(), dir().resolve("mutants"));
    }
}
