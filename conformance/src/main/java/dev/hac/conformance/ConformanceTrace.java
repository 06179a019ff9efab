package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.spec.itf.ItfFormatException;
import dev.hac.spec.itf.ItfReader;
import dev.hac.spec.itf.ItfState;
import dev.hac.spec.itf.ItfTrace;
import dev.hac.vocabulary.Action;
import dev.hac.vocabulary.Argument;
import dev.hac.vocabulary.Constant;
import dev.hac.vocabulary.Variable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * @param action the action's name
     * @param picks  its arguments as ITF values ({@code v}, {@code order}), maybe empty
     * @param args   the same as plain values for {@link SystemUnderTest#apply}
     */
    public record Step(String action, ObjectNode picks, Map<String, Object> args) {
    }

    public ConformanceTrace {
        steps = List.copyOf(steps);
    }

    /** Reads and checks an ITF file. */
    public static ConformanceTrace read(final Path file) throws IOException, ItfFormatException {
        return of(file.toString(), ItfReader.read(file));
    }

    /**
     * Reads every {@code *.json} file of {@code dir} (sorted by name), or {@code dir} itself
     * when it is a file.
     */
    public static List<ConformanceTrace> readAll(final Path dir) throws IOException, ItfFormatException {
        final List<Path> files;
        if (java.nio.file.Files.isRegularFile(dir)) {
            files = List.of(dir);
        } else {
            try (java.util.stream.Stream<Path> all = java.nio.file.Files.list(dir)) {
                files = all.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
            }
        }
        if (files.isEmpty()) {
            throw new ItfFormatException(dir.toString(), "$", "ITF trace files (*.json)", "none");
        }
        final List<ConformanceTrace> out = new ArrayList<>();
        for (final Path f : files) {
            out.add(read(f));
        }
        return out;
    }

    /** Checks a trace read from {@code source}. */
    public static ConformanceTrace of(final String source, final ItfTrace trace) throws ItfFormatException {
        if (trace.states().isEmpty()) {
            throw new ItfFormatException(source, "$.states", "at least the initial state", "[]");
        }
        if (trace.params().isEmpty()) {
            throw new ItfFormatException(source, "$.params", "the model's constants " + Constant.NAMES
                    + " (listed in 'params', valued in the first state): an implementation cannot start without them",
                    "nothing");
        }
        final ModelConstants constants = ModelConstants.of(trace, source);
        final StateShape shape = new StateShape(constants, source);
        for (int i = 0; i < trace.vars().size(); i++) {
            final String var = trace.vars().get(i);
            if (!Variable.NAMES.contains(var)) {
                throw new ItfFormatException(source, "$.vars[" + i + "]", "a variable of the contract "
                        + Variable.NAMES, '"' + var + '"');
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

    /** The variables the trace carries in state {@code i}. */
    public Map<String, JsonNode> variables(final int i) {
        final Map<String, JsonNode> out = new LinkedHashMap<>();
        itf.vars().forEach(v -> out.put(v, itf.states().get(i).get(v)));
        return out;
    }

    private static Step step(final String source, final String path, final ItfState s, final ModelConstants constants)
            throws ItfFormatException {
        final String name = s.actionTaken();
        final Action action = Action.named(name);
        if (action == null) {
            throw new ItfFormatException(source, path + ".mbt::actionTaken", "one of the actions "
                    + Action.NAMES, name == null ? "nothing" : '"' + name + '"');
        }
        final ObjectNode picks = s.nondetPicks() == null ? JsonNodeFactory.instance.objectNode()
                : s.nondetPicks().deepCopy();
        return new Step(name, picks, arguments(action, picks, constants, source, path + ".mbt::nondetPicks"));
    }

    /**
     * Checks the arguments of {@code action} in {@code picks} (ITF values; a Quint option
     * {@code {"tag": "Some", "value": x}} is unwrapped in place) and returns them as the plain
     * values {@link SystemUnderTest#apply} takes.
     */
    static Map<String, Object> arguments(final Action action, final ObjectNode picks, final ModelConstants constants,
                                         final String source, final String path) throws ItfFormatException {
        final Argument kind = action.argument();
        final Map<String, Object> args = new LinkedHashMap<>();
        if (kind == Argument.NONE) {
            return args;
        }
        final String arg = kind.argName();
        JsonNode value = picks.get(arg);
        if (value != null && value.isObject() && "Some".equals(value.path("tag").asText()) && value.has("value")) {
            value = value.get("value");
            picks.set(arg, value);
        }
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
