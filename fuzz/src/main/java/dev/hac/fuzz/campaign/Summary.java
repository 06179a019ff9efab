package dev.hac.fuzz.campaign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The table a campaign run ends with. */
public final class Summary {

    private Summary() {
    }

    /** One row per campaign: target, time, executions, execs/s, coverage, corpus, unique failures, output. */
    public static String table(final List<Campaign.Result> results) {
        final StringBuilder sb = new StringBuilder();
        final String format = "%-12s %7s %12s %9s %10s %10s %7s %9s  %s%n";
        sb.append(String.format(format, "target", "time", "executions", "execs/s", "coverage", "valid cov", "corpus",
                "failures", "output"));
        for (final Campaign.Result r : results) {
            sb.append(String.format(format, r.target().id(), r.elapsedMillis() / 1000 + "s",
                    String.format("%,d", r.executions()), String.format("%,d", r.execsPerSecond()),
                    String.format("%,d", r.coverage()), String.format("%,d", r.validCoverage()), r.corpus(),
                    r.uniqueFailures(), r.out()));
        }
        return sb.toString();
    }

    /** One line per saved failure of a campaign: its input file. */
    public static String failures(final Campaign.Result r) {
        final Path dir = r.out().resolve("failures");
        if (!Files.isDirectory(dir)) {
            return "";
        }
        final StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (final Path trace : files.filter(p -> p.toString().endsWith(".trace.txt")).sorted().toList()) {
                final String input = trace.toString().substring(0, trace.toString().length() - ".trace.txt".length());
                sb.append(String.format("  %s%n", input));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir, e);
        }
        return sb.toString();
    }
}
