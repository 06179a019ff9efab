package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.spec.BadModelException;
import dev.hac.spec.CheckResult;
import dev.hac.spec.Model;
import dev.hac.spec.ModelChecker;
import dev.hac.spec.Outcome;
import dev.hac.spec.Scratch;
import dev.hac.spec.itf.ItfFormatException;
import dev.hac.spec.tla.TlaValueParser;
import dev.hac.vocabulary.Action;
import dev.hac.vocabulary.Constant;
import dev.hac.vocabulary.ItfValues;
import dev.hac.vocabulary.TlaValueFormatter;
import dev.hac.vocabulary.Variable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Labels the steps a trace does not name ({@code mbt::actionTaken} missing, as in an
 * Apalache counterexample or any state-only trace) or names without all their arguments
 * (a Quint step whose picks lack {@code order}) by asking TLC which step of OutputCommit
 * relates the two states: never by guessing.
 * <p>
 * All pairs of states of all traces that share their constants go to one TLC run (TLC
 * starts in about a second). The generated module {@code MCLabelSteps} holds the
 * distinct states as a constant sequence and the pairs as index pairs; its own state is
 * just {@code <<pair, at, done, label>>}. OutputCommit is instantiated with every
 * variable replaced by {@code States[at].var}, so that with {@code at' } set to the
 * pair's second state, {@code O!VmEmit(v)} holds exactly when VmEmit(v) takes the first
 * state to the second. OutputCommit's own dispatch, {@code \E s \in Steps : Step(s)}, tries
 * every action with every argument; each step record that relates a pair becomes a
 * successor recording it in {@code label}, and TLC's
 * state dump ({@code -dump}) lists them. Several labels can relate one pair (an abort and
 * a release of nothing lead to the same state; drain orders that differ only in empty
 * buffers): the first in the contract's action order, then by argument, is taken, and
 * all of them lead the implementation to the same state.
 */
public final class StepLabeller {

    /**
     * A step no action of the spec relates: the trace is not a behaviour of the spec.
     *
     * @param source the trace file
     * @param step   the step (index of the state it leads to)
     * @param named  the action the trace names for it, or null
     */
    public record Unrelated(String source, int step, String named) {

        /** One line for the terminal. */
        public String describe() {
            return source + ": step " + step + ": no step of OutputCommit" + (named == null ? "" : " taking " + named)
                    + " leads from state " + (step - 1) + " to state " + step + ", so the trace is not a behaviour of "
                    + "the spec";
        }
    }

    /**
     * The traces with every step labelled, or the steps no action relates.
     *
     * @param traces    the traces, in the order given; those with an unrelated step as read
     * @param labelled  steps TLC labelled
     * @param tlcRuns   TLC runs (one per set of constants)
     * @param tlcTime   their wall time
     * @param unrelated the first unrelated step of each trace that has one
     */
    public record Result(List<ConformanceTrace> traces, int labelled, int tlcRuns, Duration tlcTime,
                         List<Unrelated> unrelated) {
    }

    private static final String MODULE = "MCLabelSteps";
    private static final String NOT_YET = "none";

    private StepLabeller() {
    }

    /**
     * Reads the ITF traces at {@code path} (a file, or every {@code *.json} of a directory) with
     * {@code given} constants for those without {@code params}, and labels their unlabelled steps.
     */
    public static Result read(final Path path, final Map<String, JsonNode> given, final Scratch scratch,
                              final Consumer<String> progress)
            throws IOException, InterruptedException, ItfFormatException {
        return label(ConformanceTrace.readAll(path, given), scratch, progress);
    }

    /** Labels every unlabelled step of {@code traces}; TLC runs in subdirectories of {@code scratch}. */
    public static Result label(final List<ConformanceTrace> traces, final Scratch scratch,
                               final Consumer<String> progress)
            throws IOException, InterruptedException, ItfFormatException {
        final Map<String, List<Integer>> byConstants = new LinkedHashMap<>();
        for (int i = 0; i < traces.size(); i++) {
            final ConformanceTrace t = traces.get(i);
            if (!t.labelled()) {
                requireEveryVariable(t);
                byConstants.computeIfAbsent(ItfValues.stateKey(t.constants().all(), Constant.NAMES),
                        k -> new ArrayList<>()).add(i);
            }
        }
        final List<ConformanceTrace> out = new ArrayList<>(traces);
        final List<Unrelated> unrelated = new ArrayList<>();
        final long start = System.nanoTime();
        int labelled = 0;
        int tlcRuns = 0;
        for (final List<Integer> group : byConstants.values()) {
            final Batch batch = new Batch();
            for (final int i : group) {
                batch.add(traces.get(i));
            }
            progress.accept("TLC: labelling " + batch.pairs.size() + " distinct steps of " + group.size()
                    + " trace(s) that do not name their actions or arguments");
            final List<List<ObjectNode>> labels = run(batch, traces.get(group.get(0)).constants(),
                    scratch.dir("label-" + (tlcRuns + 1)));
            tlcRuns++;
            for (final int i : group) {
                final ConformanceTrace t = traces.get(i);
                final List<ConformanceTrace.Step> steps = new ArrayList<>();
                Unrelated first = null;
                int byTlc = 0;
                for (int s = 0; s < t.steps().size() && first == null; s++) {
                    final ConformanceTrace.Step step = t.steps().get(s);
                    if (step.labelled()) {
                        steps.add(step);
                        continue;
                    }
                    final ObjectNode label = choose(labels.get(batch.pair(t, s)), step.action());
                    if (label == null) {
                        first = new Unrelated(t.source(), s + 1, step.action());
                        continue;
                    }
                    final String action = label.remove("name").textValue();
                    steps.add(new ConformanceTrace.Step(action, label, ConformanceTrace.arguments(Action.named(action), label,
                            t.constants(), t.source(), "$.states[" + (s + 1) + "] (labelled by TLC)")));
                    byTlc++;
                }
                if (first != null) {
                    unrelated.add(first);
                } else {
                    out.set(i, t.withSteps(steps));
                    labelled += byTlc;
                }
            }
        }
        return new Result(out, labelled, tlcRuns, Duration.ofNanos(System.nanoTime() - start), unrelated);
    }

    /** Labelling a step means knowing both states whole. */
    private static void requireEveryVariable(final ConformanceTrace t) throws ItfFormatException {
        final TreeSet<String> missing = new TreeSet<>(Variable.NAMES);
        t.itf().vars().forEach(missing::remove);
        if (!missing.isEmpty()) {
            int step = 0;
            while (t.steps().get(step).labelled()) {
                step++;
            }
            throw new ItfFormatException(t.source(), "$.vars", "every variable of the contract, since step "
                    + (step + 1) + " names no action" + (t.steps().get(step).action() == null ? ""
                    : " argument") + " and TLC labels it from the two states whole", "no " + missing);
        }
    }

    /** The first label of the named action (any action when null), in contract order, then by argument. */
    private static ObjectNode choose(final List<ObjectNode> candidates, final String named) {
        return candidates.stream()
                .filter(l -> named == null || named.equals(l.get("name").textValue()))
                .min(Comparator.<ObjectNode>comparingInt(l -> Action.NAMES.indexOf(l.get("name").textValue()))
                        .thenComparing(ObjectNode::toString))
                .map(ObjectNode::deepCopy)
                .orElse(null);
    }

    /** The distinct states and the distinct pairs of the traces' unlabelled steps. */
    private static final class Batch {
        private final Map<String, Integer> stateIndex = new LinkedHashMap<>();
        private final List<Map<String, JsonNode>> states = new ArrayList<>();
        private final Map<String, Integer> pairIndex = new LinkedHashMap<>();
        private final List<int[]> pairs = new ArrayList<>();

        void add(final ConformanceTrace t) {
            for (int s = 0; s < t.steps().size(); s++) {
                if (!t.steps().get(s).labelled()) {
                    pair(t, s);
                }
            }
        }

        /** The index of step {@code s}'s pair of states, added if new. */
        int pair(final ConformanceTrace t, final int s) {
            final int from = state(t.variables(s));
            final int to = state(t.variables(s + 1));
            return pairIndex.computeIfAbsent(from + " " + to, k -> {
                pairs.add(new int[] {from, to});
                return pairs.size() - 1;
            });
        }

        private int state(final Map<String, JsonNode> variables) {
            return stateIndex.computeIfAbsent(ItfValues.stateKey(variables, Variable.NAMES), k -> {
                states.add(variables);
                return states.size() - 1;
            });
        }
    }

    /** One TLC run over the batch in {@code dir}: per pair, every label that relates it. */
    private static List<List<ObjectNode>> run(final Batch batch, final ModelConstants constants, final Path dir)
            throws IOException, InterruptedException {
        try (InputStream in = StepLabeller.class.getResourceAsStream("/tla/OutputCommit.tla")) {
            if (in == null) {
                throw new IOException("tla/OutputCommit.tla is missing from the class path (the hac-spec jar)");
            }
            Files.copy(in, dir.resolve("OutputCommit.tla"), StandardCopyOption.REPLACE_EXISTING);
        }
        writeModule(batch, constants, dir.resolve(MODULE + ".tla"));
        final Path cfg = Files.writeString(dir.resolve(MODULE + ".cfg"), "\\* written by hac conform\n"
                + "CONSTANTS\n    CkptVMs <- LCkptVMs\n    PlainVMs <- LPlainVMs\n    Cap = " + constants.cap()
                + "\n    Policy = \"" + constants.policy() + "\"\n    K = " + constants.k() + "\n    Overflow = \""
                + constants.overflow() + "\"\nINIT LInit\nNEXT LNext\nCHECK_DEADLOCK FALSE\n");
        final Path dump = dir.resolve("labels");
        final Model model;
        try {
            model = Model.of(cfg, "generated by hac conform");
        } catch (final BadModelException e) {
            throw new IOException("the generated labelling model is broken: " + e.getMessage(), e);
        }
        final CheckResult result = new ModelChecker().withScratchRoot(dir.resolve("tlc"))
                .withTlcArgs(List.of("-dump", dump.toString())).check(model);
        if (result.outcome() != Outcome.PASS) {
            throw new IOException("TLC failed on the generated labelling module " + dir.resolve(MODULE + ".tla")
                    + " (" + result.outcome() + ")" + (result.message() == null ? "" : ":\n" + result.message()));
        }
        final List<List<ObjectNode>> labels = new ArrayList<>();
        batch.pairs.forEach(p -> labels.add(new ArrayList<>()));
        final TlaValueParser parser = TlaValueParser.standard();
        final String text = Files.readString(dir.resolve("labels.dump"));
        for (final String block : text.split("\\R\\s*\\R")) {
            final int colon = block.indexOf(":\n");
            if (!block.strip().startsWith("State ") || colon < 0) {
                continue;
            }
            final Map<String, JsonNode> s = parser.parseState(block.substring(colon + 2));
            final ObjectNode label = (ObjectNode) s.get("label");
            if (!NOT_YET.equals(label.get("name").textValue())) {
                labels.get(s.get("pair").intValue() - 1).add(label);
            }
        }
        return labels;
    }

    private static void writeModule(final Batch batch, final ModelConstants c, final Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("---- MODULE " + MODULE + " ----\n");
            out.write("\\* Which step of OutputCommit relates each pair of trace states; written by hac conform.\n");
            out.write("EXTENDS Naturals, Sequences, TLC\n\n");
            out.write("CONSTANTS " + String.join(", ", Constant.NAMES) + "\n\n");
            out.write("VARIABLES pair, at, done, label\n\n");
            out.write("LCkptVMs == " + TlaValueFormatter.format(c.all().get("CkptVMs")) + "\n");
            out.write("LPlainVMs == " + TlaValueFormatter.format(c.all().get("PlainVMs")) + "\n\n");
            out.write("States == <<\n");
            for (int i = 0; i < batch.states.size(); i++) {
                out.write("  " + TlaValueFormatter.format(record(batch.states.get(i)))
                        + (i + 1 < batch.states.size() ? ",\n" : "\n"));
            }
            out.write(">>\n\nPairs == <<");
            for (int i = 0; i < batch.pairs.size(); i++) {
                out.write((i == 0 ? "" : ", ") + "<<" + (batch.pairs.get(i)[0] + 1) + ", " + (batch.pairs.get(i)[1] + 1)
                        + ">>");
            }
            out.write(">>\n\n");
            out.write("O == INSTANCE OutputCommit WITH\n");
            for (int i = 0; i < Variable.NAMES.size(); i++) {
                final String v = Variable.NAMES.get(i);
                out.write("    " + v + " <- States[at]." + v + (i + 1 < Variable.NAMES.size() ? ",\n" : "\n\n"));
            }
            out.write("LInit == pair \\in 1..Len(Pairs) /\\ at = Pairs[pair][1] /\\ done = FALSE /\\ label = [name |-> \""
                    + NOT_YET + "\"]\n\n");
            // OutputCommit's own dispatch: every step record of Steps, taken through Step(s).
            out.write("LNext ==\n    /\\ ~done\n    /\\ at' = Pairs[pair][2]\n    /\\ \\E s \\in O!Steps : O!Step(s) /\\ label' = s\n"
                    + "    /\\ done' = TRUE\n    /\\ pair' = pair\n");
            out.write("====\n");
        }
    }

    /** A state as one TLA+ record, its fields named after the variables. */
    private static ObjectNode record(final Map<String, JsonNode> state) {
        final ObjectNode r = JsonNodeFactory.instance.objectNode();
        Variable.NAMES.forEach(v -> r.set(v, state.get(v)));
        return r;
    }
}
