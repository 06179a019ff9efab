package dev.hac.fuzz.campaign;

import dev.hac.fuzz.FuzzTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Coverage over time of a finished campaign, counted afresh: the inputs Zest saved ({@code corpus/}, in the order
 * it saved them, each at its file's time) are replayed with only the code under test instrumented
 * ({@link Campaign#EXCLUDES}), and the branches covered so far are counted after each. Zest saves an input exactly
 * when it covers something new in what the campaign instrumented, and that always included the code under test,
 * so this is the code-under-test coverage the campaign had reached at each moment, whatever else it counted: two
 * campaigns that instrumented different sets of classes become comparable.
 */
public final class CoverageTimeline {

    /** Branches of the code under test covered {@code seconds} after the campaign started. */
    public record Point(double seconds, long branches) {
    }

    /** One campaign's timeline, named for the plot's legend. */
    public record Series(String name, List<Point> points) {
        public Series {
            points = List.copyOf(points);
        }

        /** Branches covered at {@code seconds} (0 before the first saved input). */
        public long branchesAt(final double seconds) {
            long b = 0;
            for (final Point p : points) {
                if (p.seconds() > seconds) {
                    break;
                }
                b = p.branches();
            }
            return b;
        }

        public long finalBranches() {
            return points.isEmpty() ? 0 : points.get(points.size() - 1).branches();
        }
    }

    private CoverageTimeline() {
    }

    /**
     * Replays each named campaign directory of {@code target} and plots them together to {@code png}, up to the
     * last input saved by any of them or {@code seconds}, whichever is later.
     */
    public static List<Series> plot(final FuzzTarget target, final Map<String, Path> campaigns, final double seconds,
                                    final Path png) throws IOException {
        final List<Series> series = new ArrayList<>();
        double end = seconds;
        for (final Map.Entry<String, Path> c : campaigns.entrySet()) {
            final Series s = replay(c.getKey(), target, c.getValue());
            series.add(s);
            end = Math.max(end, s.points().isEmpty() ? 0 : s.points().get(s.points().size() - 1).seconds());
        }
        CoveragePlot.write(series, end, "hac fuzz " + target.id() + ": code-under-test coverage over time", png);
        return series;
    }

    /**
     * @param campaign a campaign's output directory for {@code target} (holding {@code seeds/} and {@code corpus/});
     *                 the campaign's start is when its {@code seeds/} directory was last written, just before Zest ran
     */
    public static Series replay(final String name, final FuzzTarget target, final Path campaign) throws IOException {
        final Path corpus = campaign.resolve("corpus");
        final Path seeds = campaign.resolve("seeds");
        if (!Files.isDirectory(corpus) || !Files.isDirectory(seeds)) {
            throw new IOException(campaign + " is not a campaign directory of target " + target.id()
                    + " (expected corpus/ and seeds/ in it)");
        }
        final List<Path> inputs;
        try (Stream<Path> files = Files.list(corpus)) {
            inputs = files.filter(Files::isRegularFile).sorted().toList();
        }
        final long[] branches = (long[]) Campaign.instrumented("the coverage replay of " + campaign,
                TimelineSession.class, "run", new Class<?>[] {String.class, String.class, String[].class},
                target.driver().getName(), target.method(), inputs.stream().map(Path::toString).toArray(String[]::new));
        final long start = Files.getLastModifiedTime(seeds).toMillis();
        final List<Point> points = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            final long at = Files.getLastModifiedTime(inputs.get(i)).toMillis();
            points.add(new Point(Math.max(0, at - start) / 1000.0, branches[i]));
        }
        return new Series(name, points);
    }
}
