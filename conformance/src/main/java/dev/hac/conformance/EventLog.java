package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.spec.itf.ItfFormatException;
import dev.hac.vocabulary.FencingEvent;
import dev.hac.vocabulary.BadLogException;
import dev.hac.vocabulary.Constant;
import dev.hac.vocabulary.EventLogSchema;
import dev.hac.vocabulary.ItfValues;
import dev.hac.vocabulary.Variable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An implementation's event log for trace validation, in the format of {@link EventLogSchema}, read
 * with the model's constants and checked against them: the header's {@code params} (and the caller's
 * overrides) give the constants; {@code CkptVMs} and {@code PlainVMs} may be left out when the first
 * line's {@code state} carries {@code epoch} and {@code vmSeq}. Arguments and variables are checked
 * against their types under those constants. Every problem is reported with the line number and the
 * field. A fenced primary's fencing lines ({@link EventLogSchema.Fencing}) are checked and left out
 * of the trace: they are stuttering steps of OutputCommit, and a halt ends the log.
 *
 * @param source      the file, for messages
 * @param constants   the model's constants
 * @param lines       the logged steps, in order
 * @param droppedLine the incomplete last line that was dropped, or 0
 * @param fencingSteps the fencing lines left out
 */
public record EventLog(String source, ModelConstants constants, List<Line> lines, int droppedLine, int fencingSteps) {

    /**
     * One logged step.
     *
     * @param lineNo line number in the file (1-based)
     * @param action the action's name
     * @param args   its arguments as ITF values
     * @param state  the logged variables as ITF values
     */
    public record Line(int lineNo, String action, ObjectNode args, Map<String, JsonNode> state) {
    }

    public EventLog {
        lines = List.copyOf(lines);
    }

    /** Reads {@code file}; {@code overrides} (constant name to ITF value) win over the header. */
    public static EventLog read(final Path file, final Map<String, JsonNode> overrides) throws IOException, BadLogException {
        final EventLogSchema.Log log = EventLogSchema.read(file);
        final String source = log.source();
        final EventLogSchema.Step first = log.steps().get(0);
        final ModelConstants constants = constants(source, log.header(), overrides, first.state(), first.lineNo());
        final StateShape shape = new StateShape(constants, source);
        final List<Line> lines = new ArrayList<>();
        // A join makes the unprotected primary protected again, a step OutputCommit does not have: the log is
        // a behaviour of OutputCommit up to its first SecondaryJoin, and only that prefix is checked.
        final long joinStep = log.fencing().stream().filter(f -> f.event() == FencingEvent.JOIN)
                .mapToLong(EventLogSchema.Fencing::step).findFirst().orElse(Long.MAX_VALUE);
        for (final EventLogSchema.Step step : log.steps()) {
            if (step.step() > joinStep) {
                break;
            }
            final int n = step.lineNo();
            final ObjectNode picks = (ObjectNode) toItf(step.args(), constants.vms());
            final Map<String, JsonNode> vars = new LinkedHashMap<>();
            try {
                ConformanceTrace.arguments(step.action(), picks, constants, source + ":" + n, EventLogSchema.ARGS);
                final Iterator<Map.Entry<String, JsonNode>> it = step.state().fields();
                while (it.hasNext()) {
                    final Map.Entry<String, JsonNode> f = it.next();
                    final JsonNode value = toItf(f.getValue(), constants.vms());
                    shape.check(f.getKey(), value, EventLogSchema.STATE + "." + f.getKey());
                    vars.put(f.getKey(), value);
                }
            } catch (final ItfFormatException e) {
                throw new BadLogException(source, n, e.jsonPath(), detail(e));
            }
            lines.add(new Line(n, step.action().id(), picks, vars));
        }
        checkFencing(log);
        return new EventLog(source, constants, lines, log.droppedLine(), log.fencing().size());
    }

    /**
     * A fenced primary's fencing lines are left out of the trace: each but the halt must leave the logged
     * state as the line before it had it (a stuttering step of OutputCommit), and the halt must end the log.
     */
    private static void checkFencing(final EventLogSchema.Log log) throws BadLogException {
        final long lastStep = Math.max(log.steps().get(log.steps().size() - 1).step(),
                log.fencing().isEmpty() ? 0 : log.fencing().get(log.fencing().size() - 1).step());
        int next = 0;
        ObjectNode before = null;
        for (final EventLogSchema.Fencing f : log.fencing()) {
            if (f.event() == FencingEvent.JOIN) {
                return; // what follows is a new pair's behaviour (see the reader above)
            }
            while (next < log.steps().size() && log.steps().get(next).step() < f.step()) {
                before = log.steps().get(next++).state();
            }
            if (!f.event().stutters()) {
                if (f.step() != lastStep) {
                    throw new BadLogException(log.source(), f.lineNo(), EventLogSchema.FENCING, f.event().id()
                            + " must be the last line: a halted primary logs nothing more");
                }
            } else if (before != null && !before.equals(f.state())) {
                throw new BadLogException(log.source(), f.lineNo(), EventLogSchema.STATE, f.event().id()
                        + " changes no variable of the model, but the logged state differs from the line before");
            }
        }
    }

    /**
     * JSON as written by an implementation to ITF: an object whose keys are all VM ids is
     * a function; ITF-tagged values pass through.
     */
    static JsonNode toItf(final JsonNode v, final Set<String> vms) {
        if (v.isArray()) {
            final ArrayNode out = JsonNodeFactory.instance.arrayNode();
            v.forEach(e -> out.add(toItf(e, vms)));
            return out;
        }
        if (!v.isObject() || ItfValues.isTagged(v)) {
            return v;
        }
        final Set<String> keys = new LinkedHashSet<>();
        v.fieldNames().forEachRemaining(keys::add);
        final ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (!keys.isEmpty() && vms.containsAll(keys)) {
            final ArrayNode pairs = out.putArray(ItfValues.MAP);
            v.fields().forEachRemaining(f -> pairs.addArray().add(f.getKey()).add(toItf(f.getValue(), vms)));
        } else {
            v.fields().forEachRemaining(f -> out.set(f.getKey(), toItf(f.getValue(), vms)));
        }
        return out;
    }

    private static ModelConstants constants(final String source, final EventLogSchema.Header header,
                                            final Map<String, JsonNode> overrides, final ObjectNode state,
                                            final int firstLine) throws BadLogException {
        final Map<String, JsonNode> params = new LinkedHashMap<>();
        final int headerLine = header == null ? 0 : header.lineNo();
        if (header != null) {
            header.params().get(EventLogSchema.PARAMS).fields()
                    .forEachRemaining(f -> params.put(f.getKey(), asSet(f.getValue())));
        }
        overrides.forEach(params::put);
        final String ckptVms = Constant.CKPT_VMS.id();
        final String plainVms = Constant.PLAIN_VMS.id();
        if (!params.containsKey(ckptVms)) {
            final JsonNode epoch = state.path(Variable.EPOCH.id());
            if (!epoch.isObject() || epoch.isEmpty()) {
                throw new BadLogException(source, firstLine, "state.epoch", "cannot tell the checkpointing VMs: give "
                        + "CkptVMs in a header line {\"params\": {...}} or log epoch (an object keyed by VM id)");
            }
            params.put(ckptVms, set(epoch.fieldNames()));
        }
        if (!params.containsKey(plainVms)) {
            final JsonNode vmSeq = state.path(Variable.VM_SEQ.id());
            if (!vmSeq.isObject() || vmSeq.isEmpty()) {
                throw new BadLogException(source, firstLine, "state.vmSeq", "cannot tell the ordinary VMs: give "
                        + "PlainVMs in a header line {\"params\": {...}} or log vmSeq (an object keyed by VM id)");
            }
            final Set<String> ckpt = new LinkedHashSet<>();
            params.get(ckptVms).path(ItfValues.SET).forEach(e -> ckpt.add(e.asText()));
            final List<String> plain = new ArrayList<>();
            vmSeq.fieldNames().forEachRemaining(v -> {
                if (!ckpt.contains(v)) {
                    plain.add(v);
                }
            });
            params.put(plainVms, ItfValues.stringSet(plain));
        }
        try {
            final ModelConstants c = ModelConstants.of(params, source + (header == null ? "" : ":" + headerLine), "params");
            for (final String vm : c.vms()) {
                if (Variable.RECORD_FIELDS.contains(vm)) {
                    throw new BadLogException(source, headerLine, EventLogSchema.PARAMS, "VM id '" + vm + "' is also a record field "
                            + "name; the log could not tell functions from records");
                }
            }
            return c;
        } catch (final ItfFormatException e) {
            throw new BadLogException(source, headerLine, e.jsonPath(), detail(e) + " (give the model's constants in a header line {\"params\": {...}} or "
                    + "with --param NAME=VALUE)");
        }
    }

    /** The reader's message without its source and path prefix (this exception names them itself). */
    private static String detail(final ItfFormatException e) {
        final int at = e.getMessage().indexOf("expected ");
        return at < 0 ? e.getMessage() : e.getMessage().substring(at);
    }

    /** A JSON array of VM ids in a header is a set. */
    private static JsonNode asSet(final JsonNode v) {
        return v.isArray() ? ItfValues.set(v) : v;
    }

    private static JsonNode set(final Iterator<String> names) {
        final List<String> members = new ArrayList<>();
        names.forEachRemaining(members::add);
        return ItfValues.stringSet(members);
    }
}
