package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.spec.itf.ItfFormatException;
import dev.hac.spec.itf.ItfReader;
import dev.hac.spec.itf.ItfState;
import dev.hac.spec.itf.ItfTrace;
import dev.hac.vocabulary.Action;
import dev.hac.vocabulary.Argument;
import dev.hac.vocabulary.Variable;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An ITF trace checked against the contract so that it can be replayed: the constants
 * are complete and consistent, every variable is a contract variable of the right type,
 * and every state after the first names a contract action with well-typed arguments.
 * The syntax of ITF itself is checked by {@link ItfReader}; both report the file, the
 * JSON path and what was expected.
 *
 * @param source    file name for reports
 * @param itf       the trace
 * @param constants the model's constants
 * @param steps     {@code steps.get(i)} produced state {@code i + 1}
 */
public record ConformanceTrace(String source, ItfTrace itf, ModelConstants constants, List<Step> steps) {

    /**
     * One step of the trace.
     *
     * @param action the action's name, or null when the trace does not name it
     * @param picks  its arguments as ITF values ({@code v}, {@code order}), maybe empty
     * @param args   the same as plain values for {@link SystemUnderTest#apply}, or null when the trace does not
     *               name the action or lacks one of its arguments: then {@link StepLabeller} asks TLC
     */
    public record Step(String action, ObjectNode picks, Map<String, Object> args) {

        /** True when the trace names the action and all its arguments. */
        public boolean labelled() {
            return args != null;
        }
    }

    public ConformanceTrace {
        steps = List.copyOf(steps);
    }

    /** True when every step names its action and arguments, as replay needs. */
    public boolean labelled() {
        return steps.stream().allMatch(Step::labelled);
    }

    /** Reads and checks an ITF file whose constants are all in its {@code params}. */
    public static ConformanceTrace read(final Path file) throws IOException, ItfFormatException {
        return read(file, Map.of());
    }

    /** Reads and checks an ITF file; {@code given} supplies constants its {@code params} lack. */
    public static ConformanceTrace read(final Path file, final Map<String, JsonNode> given)
            throws IOException, ItfFormatException {
        return of(file.toString(), ItfReader.read(file), given);
    }

    /**
     * Reads every {@code *.json} file of {@code dir} (sorted by name), or {@code dir} itself
     * when it is a file; {@code given} supplies constants the files' {@code params} lack.
     */
    public static List<ConformanceTrace> readAll(final Path dir, final Map<String, JsonNode> given)
            throws IOException, ItfFormatException {
        final List<Path> files;
        if (Files.isRegularFile(dir)) {
            files = List.of(dir);
        } else if (Files.isDirectory(dir)) {
            try (Stream<Path> all = Files.list(dir)) {
                files = all.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
            }
        } else {
            throw new ItfFormatException(dir.toString(), "$", "an ITF trace file or a directory of them", "nothing there");
        }
        if (files.isEmpty()) {
            throw new ItfFormatException(dir.toString(), "$", "ITF trace files (*.json)", "none");
        }
        final List<ConformanceTrace> out = new ArrayList<>();
        for (final Path f : files) {
            out.add(read(f, given));
        }
        return out;
    }

    /** Checks a trace read from {@code source} that carries all its constants. */
    public static ConformanceTrace of(final String source, final ItfTrace trace) throws ItfFormatException {
        return of(source, trace, Map.of());
    }

    /**
     * Checks a trace read from {@code source}, as Quint, Apalache or TLC write it: names
     * qualified by instance ({@code MC::OutputCommit::wire}) resolve to the contract's by
     * their last segment; constants come from {@code params}, else from {@code given}
     * (a constant in both must agree); a step without {@code mbt::actionTaken}, or without
     * an argument its action takes, is left for {@link StepLabeller}.
     */
    public static ConformanceTrace of(final String source, final ItfTrace raw, final Map<String, JsonNode> given)
            throws ItfFormatException {
        if (raw.states().isEmpty()) {
            throw new ItfFormatException(source, "$.states", "at least the initial state", "[]");
        }
        final ItfTrace trace = QualifiedNames.resolve(raw, source);
        final ModelConstants constants = ModelConstants.of(trace, given, source);
        final StateShape shape = new StateShape(constants, source);
        for (int i = 0; i < trace.vars().size(); i++) {
            final String var = trace.vars().get(i);
            if (!Variable.NAMES.contains(var)) {
                throw new ItfFormatException(source, "$.vars[" + i + "]", "a variable of the contract "
                        + Variable.NAMES, '"' + raw.vars().get(i) + '"');
            }
        }
        final List<Step> steps = new ArrayList<>();
        for (final ItfState s : trace.states()) {
            final String path = "$.states[" + s.index() + "]";
            for (final String var : trace.vars()) {
                shape.check(var, s.get(var), path + "." + var);
            }
            if (s.index() > 0) {
                steps.add(step(source, path, s, constants));
            }
        }
        return new ConformanceTrace(source, trace, constants, steps);
    }

    /** This trace with its steps replaced by {@code labelled} (as many, in order). */
    ConformanceTrace withSteps(final List<Step> labelled) {
        if (labelled.size() != steps.size()) {
            throw new IllegalArgumentException(labelled.size() + " steps for a trace of " + steps.size());
        }
        return new ConformanceTrace(source, itf, constants, labelled);
    }

    /** The variables the trace carries in state {@code i}. */
    public Map<String, JsonNode> variables(final int i) {
        final Map<String, JsonNode> out = new LinkedHashMap<>();
        itf.vars().forEach(v -> out.put(v, itf.states().get(i).get(v)));
        return out;
    }

    private static Step step(final String source, final String path, final ItfState s, final ModelConstants constants)
            throws ItfFormatException {
        final String name = s.actionTaken();
        final ObjectNode picks = s.nondetPicks() == null ? JsonNodeFactory.instance.objectNode()
                : s.nondetPicks().deepCopy();
        if (name == null) {
            return new Step(null, picks, null);
        }
        final Action action = Action.named(name);
        if (action == null) {
            throw new ItfFormatException(source, path + ".mbt::actionTaken", "one of the actions "
                    + Action.NAMES + " (or no mbt::actionTaken at all: then TLC labels the step)", '"' + name + '"');
        }
        final String arg = action.argument().argName();
        unwrapOptions(picks);
        if (arg != null && !picks.has(arg)) {
            return new Step(name, picks, null);
        }
        return new Step(name, picks, arguments(action, picks, constants, source, path + ".mbt::nondetPicks"));
    }

    /**
     * Quint writes every nondeterministic pick as an option: {@code {"tag": "Some", "value": x}} becomes x,
     * {@code {"tag": "None", ...}} (not picked in this step) is dropped.
     */
    private static void unwrapOptions(final ObjectNode picks) {
        final List<String> names = new ArrayList<>();
        picks.fieldNames().forEachRemaining(names::add);
        for (final String name : names) {
            final JsonNode p = picks.get(name);
            if (p.isObject() && p.size() <= 2 && "Some".equals(p.path("tag").textValue()) && p.has("value")) {
                picks.set(name, p.get("value"));
            } else if (p.isObject() && p.size() <= 2 && "None".equals(p.path("tag").textValue())) {
                picks.remove(name);
            }
        }
    }

    /**
     * Checks the arguments of {@code action} in {@code picks} (ITF values) and returns them as
     * the plain values {@link SystemUnderTest#apply} takes.
     */
    static Map<String, Object> arguments(final Action action, final ObjectNode picks, final ModelConstants constants,
                                         final String source, final String path) throws ItfFormatException {
        final Argument kind = action.argument();
        final Map<String, Object> args = new LinkedHashMap<>();
        if (kind == Argument.NONE) {
            return args;
        }
        final String arg = kind.argName();
        final JsonNode value = picks.get(arg);
        if (kind == Argument.ORDER) {
            final List<String> order = new ArrayList<>();
            if (value != null && value.isArray()) {
                value.forEach(e -> order.add(e.isTextual() ? e.textValue() : e.toString()));
            }
            if (order.size() != constants.ckptVms().size() || !order.containsAll(constants.ckptVms())) {
                throw new ItfFormatException(source, path + "." + arg, action + "'s argument order: every checkpointing "
                        + "VM of " + constants.ckptVms() + " once, as an array", value == null ? "nothing" : value.toString());
            }
            args.put(arg, order);
            return args;
        }
        final Collection<String> allowed = kind == Argument.ANY_VM ? constants.vms() : constants.ckptVms();
        if (value == null || !value.isTextual() || !allowed.contains(value.textValue())) {
            throw new ItfFormatException(source, path + "." + arg, action + "'s argument " + arg + ": a VM id of "
                    + allowed, value == null ? "nothing" : value.toString());
        }
        args.put(arg, value.textValue());
        return args;
    }
}
