package dev.hac.cli;

import dev.hac.cli.support.WriterStream;
import dev.hac.fuzz.FuzzTarget;
import dev.hac.fuzz.campaign.Campaign;
import dev.hac.fuzz.campaign.CoverageTimeline;
import dev.hac.fuzz.campaign.Replay;
import dev.hac.fuzz.campaign.Summary;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "fuzz", description = {"Zest fuzzing of the NIC engine, the frame classifier and the decoders.",
        "Status line while it runs, a summary table at the end; failures are saved with their stack traces",
        "under --out/<target>/failures and replayed with --repro."})
final class FuzzCommand implements Callable<Integer> {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    @Spec
    CommandSpec spec;

    @Option(names = "--list", description = "List the targets.")
    boolean list;

    @Option(names = {"-t", "--target"}, split = ",", paramLabel = "T",
            description = "Target(s) to fuzz, comma-separated, or 'all'; see --list.")
    List<String> targets;

    @Option(names = "--time", defaultValue = "60s", paramLabel = "D",
            description = "Campaign length per target: 90, 90s, 5m, 1h (default ${DEFAULT-VALUE}).")
    String time;

    @Option(names = "--out", defaultValue = "target/fuzz-results", paramLabel = "DIR",
            description = "Campaign output; <DIR>/<target>/corpus seeds the next campaign (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--repro", paramLabel = "FILE",
            description = "Replay a saved input (or every input in a directory) instead of fuzzing.")
    Path repro;

    @Option(names = "--plot", paramLabel = "PNG",
            description = "Instead of fuzzing: replay the corpus of each finished campaign NAME=DIR (DIR as --out "
                    + "gave it) with only the code under test instrumented, and plot its coverage over time.")
    Path plot;

    @Option(names = "--plot-seconds", defaultValue = "600", paramLabel = "S",
            description = "With --plot: the time axis spans at least this (default ${DEFAULT-VALUE}).")
    double plotSeconds;

    @Parameters(paramLabel = "NAME=DIR", arity = "0..*", description = "With --plot: the campaigns to compare.")
    Map<String, Path> campaigns = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
        final PrintStream stdout = WriterStream.of(spec.commandLine().getOut());
        if (list) {
            for (final FuzzTarget t : FuzzTarget.values()) {
                stdout.printf("%-12s %s%n", t.id(), t.description());
            }
            return Hac.OK;
        }
        final List<FuzzTarget> chosen = resolveTargets();
        if (chosen == null) {
            return Hac.BAD_INPUT;
        }
        if (repro != null) {
            return repro(chosen, stdout);
        }
        if (plot != null) {
            return plot(chosen, stdout);
        }
        final Duration duration = parseDuration(time);
        if (duration == null) {
            return bad("--time '" + time + "': expected a number with an optional unit ms, s, m or h, e.g. 60s");
        }
        final Campaign.Batch batch = Campaign.runAll(chosen, duration, out, stdout, System.console() != null);
        return report(batch, stdout, spec.commandLine().getErr());
    }

    /** Prints the batch's table and failures; 1 when a target failed or ran blind, else 0. */
    static int report(final Campaign.Batch batch, final PrintStream stdout, final PrintWriter err) {
        stdout.println();
        stdout.print(Summary.table(batch.results()));
        int exit = Hac.OK;
        for (final Campaign.Result r : batch.results()) {
            if (r.executions() > 0 && r.coverage() == 0) {
                err.println("hac fuzz: " + r.target().id()
                        + ": zero coverage: JQF's instrumentation did not see the code under test");
                exit = Hac.FAILED;
            }
            if (r.uniqueFailures() > 0) {
                stdout.println(r.target().id() + ": " + r.uniqueFailures() + " failure(s); replay one with "
                        + "hac fuzz --target " + r.target().id() + " --repro <file>");
                stdout.print(Summary.failures(r));
                exit = Hac.FAILED;
            }
        }
        return exit;
    }

    private List<FuzzTarget> resolveTargets() {
        if (targets == null || targets.isEmpty()) {
            bad("give --target T (or --list to see the targets)");
            return null;
        }
        final List<FuzzTarget> out = new ArrayList<>();
        for (final String name : targets) {
            if ("all".equalsIgnoreCase(name)) {
                out.addAll(List.of(FuzzTarget.values()));
                continue;
            }
            final FuzzTarget t = FuzzTarget.named(name);
            if (t == null) {
                bad("unknown target '" + name + "' (targets: " + String.join(", ",
                        Stream.of(FuzzTarget.values()).map(FuzzTarget::id).toList()) + ", all)");
                return null;
            }
            out.add(t);
        }
        return out;
    }

    private int repro(final List<FuzzTarget> chosen, final PrintStream stdout) throws IOException {
        if (chosen.size() != 1) {
            return bad("--repro replays inputs of one target: give exactly one --target");
        }
        if (!Files.exists(repro)) {
            return bad("--repro " + repro + ": no such file or directory");
        }
        final List<Path> inputs;
        try (Stream<Path> files = Files.isDirectory(repro) ? Files.list(repro) : Stream.of(repro)) {
            inputs = files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".trace.txt")).sorted().toList();
        }
        final Path tmp = Files.createTempDirectory("hac-repro");
        final List<Path> streams = new ArrayList<>();
        for (final Path p : inputs) {
            final Path s = tmp.resolve(p.getFileName().toString());
            try {
                Files.write(s, FuzzTarget.seedStream(p.getFileName().toString(), Files.readAllBytes(p)));
            } catch (IllegalArgumentException e) {
                return bad(p + ": " + e.getMessage());
            }
            streams.add(s);
        }
        final Replay.Outcome outcome = Replay.inputs(chosen.get(0), streams);
        outcome.results().forEach(stdout::println);
        outcome.failures().forEach(stdout::println);
        stdout.println("hac fuzz: " + chosen.get(0).id() + ": replayed " + inputs.size() + " input(s), "
                + outcome.failures().size() + " failure(s)");
        return outcome.passed() ? Hac.OK : Hac.FAILED;
    }

    private int plot(final List<FuzzTarget> chosen, final PrintStream stdout) throws IOException {
        if (chosen.size() != 1) {
            return bad("--plot compares campaigns of one target: give exactly one --target");
        }
        if (campaigns.isEmpty()) {
            return bad("--plot needs the campaigns to compare, as NAME=DIR (DIR as given to --out)");
        }
        final FuzzTarget t = chosen.get(0);
        final Map<String, Path> dirs = new LinkedHashMap<>();
        campaigns.forEach((name, dir) -> dirs.put(name, dir.resolve(t.id())));
        final List<CoverageTimeline.Series> series = CoverageTimeline.plot(t, dirs, plotSeconds, plot);
        final String format = "%-16s %7s %9s %9s %9s %9s %9s%n";
        stdout.printf(format, "campaign", "inputs", "at 30s", "at 1m", "at 2m", "at 5m", "at end");
        for (final CoverageTimeline.Series s : series) {
            stdout.printf(format, s.name(), s.points().size(), s.branchesAt(30), s.branchesAt(60), s.branchesAt(120),
                    s.branchesAt(300), s.finalBranches());
        }
        stdout.println("hac fuzz: " + t.id() + ": branches of the code under test; plot written to " + plot);
        return Hac.OK;
    }

    static Duration parseDuration(final String text) {
        final Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        final long n = Long.parseLong(m.group(1));
        final String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private int bad(final String message) {
        spec.commandLine().getErr().println("hac fuzz: " + message);
        return Hac.BAD_INPUT;
    }
}
