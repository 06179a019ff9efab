package dev.hac.cli.support;

import dev.hac.spec.Scratch;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Mixin: where TLC's scratch directories go (hidden: for tests and debugging). */
public final class ScratchRoot {
    @Option(names = "--scratch", paramLabel = "DIR", hidden = true, description = "Root of TLC's scratch directories.")
    private Path root = Scratch.DEFAULT_ROOT;

    public Path root() {
        return root;
    }
}
