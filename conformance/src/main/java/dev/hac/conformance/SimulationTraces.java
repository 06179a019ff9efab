package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.spec.CheckResult;
import dev.hac.spec.Model;
import dev.hac.spec.ModelChecker;
import dev.hac.spec.Scratch;
import dev.hac.spec.itf.ItfFormatException;
import dev.hac.spec.tla.TlaValueParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Deep random traces drawn by TLC {@code -simulate} from a simulation model such as
 * {@code MC_simulate} (module {@code SimOutputCommit}), which records every step in the
 * variable {@value #RECORD}: {@code [name |-> action, <argument> |-> value]}. The
 * action and arguments of each step come from that record, never from comparing
 * states; the record and the model's other {@code mbt*} variables are dropped from
 * the ITF trace, whose steps carry them as {@code mbt::actionTaken} and
 * {@code mbt::nondetPicks}.
 */
public final class SimulationTraces {

    /** The simulation model's record of each step. */
    static final String RECORD = "mbtAction";

    /** Prefix of the simulation model's bookkeeping variables, which replay ignores. */
    static final String BOOKKEEPING = "mbt";

    private static final String PREFIX = "trace";
    private static final Pattern FILE = Pattern.compile(PREFIX + "_(\\d+)_(\\d+)");
    private static final Pattern STATE = Pattern.compile("^STATE_(\\d+)\\s*==\\s*$");

    /**
     * What a simulation produced.
     *
     * @param traces  the traces, in TLC's order
     * @param tlcTime how long TLC took
     * @param seed    TLC's {@code -seed}
     */
    public record Simulation(List<ConformanceTrace> traces, Duration tlcTime, long seed) {
        public Simulation {
            traces = List.copyOf(traces);
        }

        public long steps() {
            return traces.stream().mapToLong(t -> t.steps().size()).sum();
        }

        /** Steps of the longest trace. */
        public int maxSteps() {
            return traces.stream().mapToInt(t -> t.steps().size()).max().orElse(0);
        }

        public double meanSteps() {
            return traces.isEmpty() ? 0 : (double) steps() / traces.size();
        }
    }

    private SimulationTraces() {
    }

    /**
     * Runs TLC {@code -simulate} on {@code model} for {@code count} behaviours of at most
     * {@code depth} states, drawn from {@code seed}, and reads them as traces. Like the
     * state graph, the model must be concrete (no SYMMETRY or VIEW) and pass.
     */
    public static Simulation generate(final Model model, final Scratch scratch, final int count, final int depth,
                                      final long seed, final Consumer<String> progress)
            throws IOException, InterruptedException, ItfFormatException {
        TraceGenerator.requireConcrete(model);
        final Path dir = scratch.dir("simulation");
        final String prefix = dir.resolve(PREFIX).toString();
        if (prefix.contains(",") || prefix.contains("=")) {
            throw new IOException(prefix + ": TLC's -simulate file=...,num=... cannot take a path with ',' or '='; "
                    + "choose another scratch directory");
        }
        progress.accept("TLC: simulating " + count + " behaviours of " + model.name() + " (depth " + depth + ", seed "
                + seed + ")");
        final long start = System.nanoTime();
        final CheckResult run;
        final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "hac-simulate-progress");
            t.setDaemon(true);
            return t;
        });
        try {
            // TLC says nothing until it is done; the trace files it writes show how far it got.
            final int[] last = {0};
            poller.scheduleAtFixedRate(() -> {
                try {
                    final int written = traceFiles(dir).size();
                    if (written != last[0] && written < count) {
                        last[0] = written;
                        progress.accept("TLC: " + written + "/" + count + " behaviours simulated");
                    }
                } catch (final IOException e) {
                    // Listing failed mid-write: the next poll will tell.
                }
            }, 2, 2, TimeUnit.SECONDS);
            // C1 only: for up to 1,000 behaviours (more was not measured) C2's compiling costs more CPU than it
            // saves (1.3 s instead of 2.5 s for 50, 8 s instead of 12 s for 1,000).
            run = new ModelChecker().withScratchRoot(scratch.dir("tlc")).withJvmArgs(List.of("-XX:TieredStopAtLevel=1"))
                    .withTlcArgs(List.of(
                    "-simulate", "file=" + prefix + ",num=" + count, "-depth", Integer.toString(depth),
                    "-seed", Long.toString(seed))).check(model);
        } finally {
            poller.shutdownNow();
        }
        final Duration tlc = Duration.ofNanos(System.nanoTime() - start);
        TraceGenerator.requirePass(run, model, "simulate");
        final ModelConstants constants = TraceGenerator.constants(run, model);
        final List<ConformanceTrace> traces = new ArrayList<>();
        for (final Path f : traceFiles(dir)) {
            traces.add(read(f, model.name() + "-sim-" + (traces.size() + 1), constants,
                    "TLC -simulate behaviour " + (traces.size() + 1) + " of " + model.name() + ", seed " + seed
                            + ", depth " + depth + "; generated by hac conform"));
        }
        return new Simulation(traces, tlc, seed);
    }

    /**
     * Reads one behaviour TLC wrote ({@code STATE_1 == /\ var = value ...}, one definition
     * per state) as the trace {@code name}.
     */
    static ConformanceTrace read(final Path file, final String name, final ModelConstants constants,
                                 final String description) throws IOException, ItfFormatException {
        final TlaValueParser parser = TlaValueParser.standard().withFunctionDomain(constants.vms());
        final List<String> lines = Files.readAllLines(file);
        Map<String, JsonNode> start = null;
        final List<TraceGenerator.Step> steps = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            final Matcher m = STATE.matcher(lines.get(i));
            if (!m.matches()) {
                i++;
                continue;
            }
            final int header = i + 1;
            final int number = Integer.parseInt(m.group(1));
            if (number != steps.size() + (start == null ? 1 : 2)) {
                throw new IOException(file + ":" + header + ": STATE_" + number + " out of order");
            }
            final StringBuilder text = new StringBuilder();
            for (i++; i < lines.size() && !STATE.matcher(lines.get(i)).matches() && !lines.get(i).startsWith("===="); i++) {
                text.append(lines.get(i)).append('\n');
            }
            final Map<String, JsonNode> vars;
            try {
                vars = parser.parseState(text);
            } catch (final IllegalArgumentException bad) {
                throw new IOException(file + ":" + header + ": STATE_" + number + " is not a state as TLC prints it: "
                        + bad.getMessage(), bad);
            }
            final JsonNode record = vars.get(RECORD);
            if (record == null || !record.isObject() || !record.path("name").isTextual()) {
                throw new IOException(file + ":" + header + ": STATE_" + number + " has no record " + RECORD
                        + " = [name |-> action, ...]; a simulation model must record every step in it, as "
                        + "SimOutputCommit.tla does");
            }
            final Map<String, JsonNode> protocol = new LinkedHashMap<>(vars);
            protocol.keySet().removeIf(v -> v.startsWith(BOOKKEEPING));
            if (start == null) {
                start = protocol;
            } else {
                final ObjectNode picks = record.deepCopy();
                picks.remove("name");
                steps.add(new TraceGenerator.Step(record.get("name").textValue(), picks, protocol));
            }
        }
        if (start == null) {
            throw new IOException(file + ": no STATE_1; is it a behaviour written by TLC -simulate file=...?");
        }
        return TraceGenerator.trace(name, start, steps, constants, description);
    }

    /** The behaviours TLC has written so far, by worker and number. */
    private static List<Path> traceFiles(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> FILE.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong((Path p) -> number(p, 1)).thenComparingLong(p -> number(p, 2)))
                    .toList();
        }
    }

    private static long number(final Path file, final int group) {
        final Matcher m = FILE.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(group)) : 0;
    }
}
