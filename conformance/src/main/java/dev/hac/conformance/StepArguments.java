package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.spec.itf.ItfFormatException;
import dev.hac.spec.itf.ItfState;
import dev.hac.spec.itf.ItfTrace;
import dev.hac.vocabulary.Action;
import dev.hac.vocabulary.Argument;
import dev.hac.vocabulary.ItfValues;
import dev.hac.vocabulary.Variable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recovers the arguments of a step from its action name and its two states. TLC labels
 * edges with the action's name only; the arguments follow from docs/MODEL.md exactly:
 * <ul>
 *   <li>an action with argument {@code v} changes its per-VM variable
 *       ({@link Action#changedAtVm}) at {@code v} and at no other VM, and always
 *       changes it there (vmSeq grows, epoch grows, committed's epoch grows, acked and
 *       inflight go from set to none), so {@code v} is the one VM where it differs;</li>
 *   <li>PrimaryDetectSecondaryLoss appends the buffers VM by VM in its {@code order}: the
 *       VMs of the appended frames, in order of appearance, followed by the VMs whose
 *       buffers were empty (sorted). Every order that agrees on the non-empty buffers
 *       leads to the same successor, so all of them are exact; this picks one.</li>
 * </ul>
 * A step that fits none of these is not a step of the spec: {@link IllegalStateException}.
 */
public final class StepArguments {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private StepArguments() {
    }

    /**
     * The trace with {@code mbt::nondetPicks} recovered for every step that names an action of the contract but
     * not its arguments, as a TLC counterexample does. A trace of another spec (its constants are not the
     * contract's) and a step that is no step of the contract (a mutant's) are left as they are.
     */
    public static ItfTrace withPicks(final ItfTrace trace) {
        if (trace.states().isEmpty()) {
            return trace;
        }
        final ModelConstants constants;
        try {
            constants = ModelConstants.of(trace, "trace");
        } catch (final ItfFormatException notTheContract) {
            return trace;
        }
        final List<ItfState> states = new ArrayList<>(trace.states());
        for (int i = 1; i < states.size(); i++) {
            final ItfState s = states.get(i);
            if (s.nondetPicks() != null || Action.named(s.actionTaken()) == null) {
                continue;
            }
            try {
                states.set(i, new ItfState(s.index(), s.actionTaken(),
                        recover(s.actionTaken(), states.get(i - 1).values(), s.values(), constants), s.values(), s.meta()));
            } catch (final IllegalStateException notAContractStep) {
                // left without picks: the step is the mutated spec's, not the contract's
            }
        }
        return new ItfTrace(trace.meta(), trace.params(), trace.vars(), states, trace.loop());
    }

    /** The step's {@code mbt::nondetPicks}. */
    public static ObjectNode recover(final String action, final Map<String, JsonNode> from,
                                     final Map<String, JsonNode> to, final ModelConstants constants) {
        final Action a = Action.named(action);
        if (a == null) {
            throw new IllegalStateException("'" + action + "' is not an action of the contract " + Action.NAMES);
        }
        final Argument kind = a.argument();
        final ObjectNode picks = JSON.objectNode();
        switch (kind) {
            case NONE -> {
                return picks;
            }
            case ORDER -> {
                picks.set("order", order(from, to, constants));
                return picks;
            }
            default -> {
                final String variable = a.changedAtVm().id();
                final List<String> changed = new ArrayList<>();
                final Map<String, JsonNode> before = function(from.get(variable));
                final Map<String, JsonNode> after = function(to.get(variable));
                for (final String v : before.keySet()) {
                    if (!ItfValues.same(before.get(v), after.get(v))) {
                        changed.add(v);
                    }
                }
                if (changed.size() != 1) {
                    throw new IllegalStateException(action + " must change " + variable + " at exactly one VM, but it "
                            + "changed at " + changed + ": " + ItfValues.show(from.get(variable)) + " -> "
                            + ItfValues.show(to.get(variable)));
                }
                picks.put("v", changed.get(0));
                return picks;
            }
        }
    }

    private static ArrayNode order(final Map<String, JsonNode> from, final Map<String, JsonNode> to,
                                   final ModelConstants constants) {
        final JsonNode before = from.get(Variable.TX_HIGH.id());
        final JsonNode after = to.get(Variable.TX_HIGH.id());
        for (int i = 0; i < before.size(); i++) {
            if (!ItfValues.same(before.get(i), after.get(i))) {
                throw new IllegalStateException("PrimaryDetectSecondaryLoss must append to txHigh, but it changed entry "
                        + (i + 1) + ": " + ItfValues.show(before) + " -> " + ItfValues.show(after));
            }
        }
        final Set<String> order = new LinkedHashSet<>();
        String last = null;
        for (int i = before.size(); i < after.size(); i++) {
            final String vm = after.get(i).get(Variable.VM).textValue();
            if (!vm.equals(last) && !order.add(vm)) {
                throw new IllegalStateException("PrimaryDetectSecondaryLoss appends each VM's buffer whole, but the "
                        + "frames of " + vm + " are split in " + ItfValues.show(after));
            }
            last = vm;
        }
        constants.ckptVms().forEach(order::add);
        final ArrayNode out = JSON.arrayNode();
        order.forEach(out::add);
        return out;
    }

    private static Map<String, JsonNode> function(final JsonNode f) {
        final Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        f.get(ItfValues.MAP).forEach(p -> out.put(p.get(0).textValue(), p.get(1)));
        return out;
    }
}
