package dev.hac.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pholser.junit.quickcheck.random.SourceOfRandomness;
import dev.hac.vocabulary.Action;
import dev.hac.vocabulary.ItfValues;
import dev.hac.vocabulary.Variable;
import java.util.stream.Stream;

/**
 * ITF traces shaped like the ones conformance writes (the docs/DESIGN.md §2 variables, {@code #meta.index},
 * {@code mbt::actionTaken}/{@code mbt::nondetPicks}, {@code #tup}/{@code #set}/{@code #map}/{@code #bigint}
 * values, params, a lasso's {@code loop}), with some of the format's rules broken on purpose: missing or
 * mistyped fields, wrong indices, reserved {@code #} keys, bad big integers, out-of-range loops, deep nesting.
 */
public final class ItfDocumentGenerator extends TextDocumentGenerator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] VARS = Stream.of(Variable.PRIMARY_UP, Variable.MODE, Variable.VM_SEQ, Variable.BUF,
            Variable.TX_HIGH, Variable.WIRE, Variable.HIGH_STREAK).map(Variable::id).toArray(String[]::new);
    private static final String[] ACTIONS = Stream.concat(Stream.of("init"), Stream.of(Action.VM_EMIT,
            Action.HAC_START_CHECKPOINT, Action.SECONDARY_APPLY, Action.PRIMARY_RECEIVE_ACK, Action.NIC_TRANSMIT,
            Action.PRIMARY_CRASH, Action.SECONDARY_TAKEOVER).map(Action::id)).toArray(String[]::new);
    private static final String[] RESERVED = {ItfValues.SET, ItfValues.TUP, ItfValues.MAP, ItfValues.BIGINT, "#meta",
            ItfValues.UNSERIALIZABLE, "#x"};

    @Override
    protected String structured(final SourceOfRandomness r) {
        final ObjectNode root = JSON.objectNode();
        if (r.nextBoolean()) {
            root.putObject("#meta").put("format", "ITF").put("source", "MC.tla");
        }
        final boolean params = r.nextInt(0, 3) == 0;
        if (params) {
            root.putArray("params").add("Cap");
        }
        final int varCount = r.nextInt(0, VARS.length);
        final ArrayNode vars = root.putArray("vars");
        for (int i = 0; i < varCount; i++) {
            vars.add(VARS[i]);
        }
        final ArrayNode states = root.putArray("states");
        final int n = r.nextInt(0, 5);
        for (int i = 0; i < n; i++) {
            final ObjectNode s = states.addObject();
            s.putObject("#meta").put("index", i);
            s.put("mbt::actionTaken", r.choose(ACTIONS));
            s.putObject("mbt::nondetPicks").put("v", "c1");
            if (params && i == 0) {
                s.put("Cap", 2);
            }
            for (int v = 0; v < varCount; v++) {
                s.set(VARS[v], value(r, 3));
            }
        }
        if (r.nextInt(0, 3) == 0) {
            root.put("loop", r.nextInt(-1, n));
        }
        final int breaks = r.nextInt(0, 9) < 5 ? 0 : r.nextInt(1, 3);
        for (int i = 0; i < breaks; i++) {
            breakRule(r, root, states);
        }
        return r.nextBoolean() ? root.toPrettyString() : root.toString();
    }

    private static JsonNode value(final SourceOfRandomness r, final int depth) {
        final int kind = depth == 0 ? r.nextInt(0, 3) : r.nextInt(0, 8);
        return switch (kind) {
            case 0 -> JSON.numberNode(r.nextInt(-3, 100));
            case 1 -> JSON.textNode(r.choose(new String[] {"protected", "c1", "p1", "", "ü"}));
            case 2 -> JSON.booleanNode(r.nextBoolean());
            case 3 -> JSON.objectNode().put(ItfValues.BIGINT, Long.toString(r.nextLong()));
            case 4 -> tagged(ItfValues.TUP, r, depth);
            case 5 -> tagged(ItfValues.SET, r, depth);
            case 6 -> {
                final ArrayNode pairs = JSON.arrayNode();
                for (int i = r.nextInt(0, 2); i > 0; i--) {
                    pairs.addArray().add("c" + i).add(value(r, depth - 1));
                }
                yield JSON.objectNode().set(ItfValues.MAP, pairs);
            }
            default -> JSON.objectNode().put("seq", r.nextInt(1, 9)).put("epoch", r.nextInt(0, 3));
        };
    }

    private static JsonNode tagged(final String tag, final SourceOfRandomness r, final int depth) {
        final ArrayNode items = JSON.arrayNode();
        for (int i = r.nextInt(0, 3); i > 0; i--) {
            items.add(value(r, depth - 1));
        }
        return JSON.objectNode().set(tag, items);
    }

    /** {@code states} is the array built first: an earlier break may have removed or replaced it in {@code root}. */
    private static void breakRule(final SourceOfRandomness r, final ObjectNode root, final ArrayNode states) {
        switch (r.nextInt(0, 8)) {
            case 0 -> root.remove(r.choose(new String[] {"vars", "states", "#meta"}));
            case 1 -> root.put(r.choose(new String[] {"vars", "states", "params", "loop", "#meta"}), r.nextInt());
            case 2 -> root.putArray("vars").add(r.nextInt()).add(JSON.nullNode());
            case 3 -> root.put("loop", r.nextBoolean() ? r.nextInt(-5, 10) : Long.MAX_VALUE);
            case 4 -> {
                if (!states.isEmpty()) {
                    ((ObjectNode) states.get(r.nextInt(0, states.size() - 1)).get("#meta")).put("index", r.nextInt(-2, 9));
                }
            }
            case 5 -> {
                if (!states.isEmpty()) {
                    final ObjectNode s = (ObjectNode) states.get(r.nextInt(0, states.size() - 1));
                    s.set(r.choose(new String[] {"mode", "buf", "extra", "mbt::nondetPicks", "mbt::actionTaken"}),
                            JSON.objectNode().put(r.choose(RESERVED), r.nextInt()));
                }
            }
            case 6 -> {
                if (!states.isEmpty()) {
                    ((ObjectNode) states.get(0)).set("wire", JSON.objectNode().put(ItfValues.BIGINT, r.choose(
                            new String[] {"", "-", "1.5", "0x10", "99999999999999999999999999999", " 1"})));
                }
            }
            case 7 -> {
                JsonNode deep = JSON.numberNode(1);
                for (int i = r.nextInt(1, 400); i > 0; i--) {
                    deep = JSON.arrayNode().add(deep);
                }
                if (!states.isEmpty()) {
                    ((ObjectNode) states.get(0)).set("buf", deep);
                }
            }
            default -> states.add(r.nextInt());
        }
    }
}
