package dev.hac.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A model TLC can run: a .cfg and the .tla module it configures, in one directory.
 *
 * @param name    the config's base name, e.g. {@code MC_default}
 * @param cfgFile the .cfg file
 * @param tlaFile the root module
 * @param cfg     the parsed config
 * @param origin  where the files came from, for messages (e.g. {@code tla (embedded)} or a directory)
 */
public record Model(String name, Path cfgFile, Path tlaFile, CfgFile cfg, String origin) {

    /**
     * The model of {@code cfgFile}. Its module is the one a {@code \* module:} header names,
     * else the .tla file with the config's base name, else the only {@code MC*.tla} beside it.
     */
    public static Model of(final Path cfgFile, final String origin) throws BadModelException, IOException {
        final String display = origin + "/" + cfgFile.getFileName();
        if (!Files.isRegularFile(cfgFile)) {
            throw new BadModelException(display, 0, "no such model configuration");
        }
        final CfgFile cfg = CfgFile.read(cfgFile);
        final String fileName = cfgFile.getFileName().toString();
        final String name = fileName.endsWith(".cfg") ? fileName.substring(0, fileName.length() - 4) : fileName;
        final Path dir = cfgFile.toAbsolutePath().getParent();
        final Path tla;
        if (cfg.module() != null) {
            tla = dir.resolve(cfg.module() + ".tla");
            if (!Files.isRegularFile(tla)) {
                throw new BadModelException(display, cfg.lineOf(cfg.module()),
                        "the header names module " + cfg.module() + " but " + tla.getFileName() + " is not beside it");
            }
        } else if (Files.isRegularFile(dir.resolve(name + ".tla"))) {
            tla = dir.resolve(name + ".tla");
        } else {
            final List<Path> mcModules;
            try (Stream<Path> files = Files.list(dir)) {
                mcModules = files.filter(p -> p.getFileName().toString().matches("MC.*\\.tla")).sorted().toList();
            }
            if (mcModules.size() != 1) {
                throw new BadModelException(display, 1, "cannot tell which module this config belongs to: "
                        + (mcModules.isEmpty() ? "no MC*.tla" : "several MC*.tla") + " beside it and no "
                        + name + ".tla; add a header line '\\* module: <Name>'");
            }
            tla = mcModules.get(0);
        }
        return new Model(name, cfgFile.toAbsolutePath(), tla.toAbsolutePath(), cfg, origin);
    }

    /** The directory holding the model's files. */
    public Path directory() {
        return cfgFile.getParent();
    }

    /** How to name one of the model's files in a message. */
    public String display(final String fileName) {
        return origin + "/" + fileName;
    }
}
