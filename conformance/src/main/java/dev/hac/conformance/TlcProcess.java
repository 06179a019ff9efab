package dev.hac.conformance;

import dev.hac.spec.Scratch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One TLC run in a child JVM for trace validation, which needs TLC's plain output (the
 * spec's {@code PrintT} lines) that {@code dev.hac.spec.ModelChecker} does not hand
 * out. Like the checker it gives TLC a private
 * {@code java.io.tmpdir} and {@code -metadir} (docs/TOOLING.md: shared ones break parallel
 * runs) inside the caller's {@link Scratch}.
 */
final class TlcProcess {

    /** TLC's exit code and everything it printed. */
    record Result(int exitCode, List<String> output) {
        String text() {
            return String.join("\n", output);
        }
    }

    private TlcProcess() {
    }

    /**
     * Runs {@code tlc2.TLC} on {@code module} (a file name in {@code dir}) with config
     * {@code cfg}, one worker, and the extra arguments; every output line goes to
     * {@code lines} as well.
     */
    static Result run(final Path dir, final String module, final Path cfg, final List<String> extra,
                      final Scratch scratch, final Consumer<String> lines) throws IOException, InterruptedException {
        final Path tmp = scratch.dir("tmp");
        final List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseParallelGC",
                "-Djava.io.tmpdir=" + tmp, "-cp", tlcJar(), "tlc2.TLC",
                "-workers", "1", "-metadir", scratch.dir("meta").toString(), "-config", cfg.toString()));
        cmd.addAll(extra);
        cmd.add(module);
        final ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("TMPDIR", tmp.toString());
        final Process process = pb.start();
        final Thread killer = new Thread(process::destroyForcibly, "hac-tlc-kill");
        Runtime.getRuntime().addShutdownHook(killer);
        final List<String> output = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.add(line);
                lines.accept(line);
            }
            return new Result(process.waitFor(), output);
        } finally {
            process.destroyForcibly();
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (final IllegalStateException shuttingDown) {
                // The hook is running already, which is what we want.
            }
        }
    }

    /** The jar (or class directory) holding tlc2.TLC: inside the {@code hac} command, the command's own jar. */
    private static String tlcJar() {
        try {
            return Path.of(tlc2.TLC.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (final URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the jar of tlc2.TLC", e);
        }
    }
}
