package dev.hac.fuzz;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pholser.junit.quickcheck.random.SourceOfRandomness;
import dev.hac.vocabulary.Action;
import dev.hac.vocabulary.Argument;
import dev.hac.vocabulary.ItfValues;

/**
 * NDJSON event logs shaped like the ones the reference implementation writes for {@code hac validate}: an
 * optional {@code {"params": ...}} header, then one line per step with {@code step}, {@code action},
 * {@code args} and a subset of the docs/DESIGN.md §2 variables in {@code state}; with some of the format's rules
 * broken on purpose (step gaps, unknown actions, mistyped fields and variables, VM ids that clash with record fields,
 * blank and foreign lines, CR line ends).
 */
public final class LogDocumentGenerator extends TextDocumentGenerator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] ACTIONS = Action.NAMES.toArray(String[]::new);
    private static final String[] VMS = {"c1", "c2", "p1", "seq", ""};

    @Override
    protected String structured(final SourceOfRandomness r) {
        final StringBuilder log = new StringBuilder();
        if (r.nextInt(0, 3) > 0) {
            final ObjectNode params = JSON.objectNode().put("Cap", r.nextInt(0, 3))
                    .put("Policy", r.nextBoolean() ? "strict" : "bypass").put("K", r.nextInt(1, 2))
                    .put("Overflow", r.choose(new String[] {"backpressure", "drop", "early", "spill"}));
            if (r.nextBoolean()) {
                params.putArray("CkptVMs").add("c1");
                params.putArray("PlainVMs").add(r.choose(VMS));
            }
            line(log, JSON.objectNode().set("params", params), r);
        }
        final int steps = r.nextInt(0, 6);
        long step = r.nextInt(0, 9) == 0 ? r.nextInt(-1, 3) : 1;
        for (int i = 0; i < steps; i++) {
            final ObjectNode o = JSON.objectNode().put("step", step);
            step += r.nextInt(0, 9) == 0 ? r.nextInt(-1, 3) : 1;
            final String action = r.nextInt(0, 19) == 0 ? "NicSend" : r.choose(ACTIONS);
            o.put("action", action);
            o.set("args", args(r, action));
            o.set("state", state(r));
            if (r.nextInt(0, 9) == 0) {
                o.set(r.choose(new String[] {"step", "action", "args", "state"}), r.nextBoolean() ? JSON.nullNode()
                        : JSON.numberNode(r.nextInt()));
            }
            line(log, o, r);
        }
        return log.toString();
    }

    private static void line(final StringBuilder log, final ObjectNode o, final SourceOfRandomness r) {
        if (r.nextInt(0, 9) == 0) {
            log.append(r.choose(new String[] {"\n", "  \n", "[1]\n", "\"text\"\n", "null\n"}));
        }
        log.append(o).append(r.nextInt(0, 19) == 0 ? "\r\n" : "\n");
    }

    private static ObjectNode args(final SourceOfRandomness r, final String action) {
        final ObjectNode args = JSON.objectNode();
        final Action a = Action.named(action);
        switch (a == null ? Argument.NONE : a.argument()) {
            case ANY_VM, CKPT_VM -> args.put(r.nextInt(0, 9) == 0 ? "vm" : a.argument().argName(), r.choose(VMS));
            case ORDER -> args.putArray(a.argument().argName()).add("c1");
            case NONE -> { }
        }
        return args;
    }

    private static ObjectNode state(final SourceOfRandomness r) {
        final ObjectNode s = JSON.objectNode();
        if (r.nextBoolean()) {
            s.putObject("vmSeq").put("c1", r.nextInt(-1, 3)).put("p1", 0);
            s.putObject("epoch").put("c1", r.nextInt(0, 3));
        }
        if (r.nextBoolean()) {
            final ArrayNode buf = s.putObject("buf").putArray("c1");
            for (int i = r.nextInt(0, 2); i > 0; i--) {
                buf.addObject().put("seq", i).put("epoch", 1);
            }
        }
        if (r.nextBoolean()) {
            s.putArray("txHigh").addObject().put("vm", r.choose(VMS)).put("seq", r.nextInt(0, 3));
            s.putArray("wire");
            s.putArray("txNormal");
        }
        if (r.nextBoolean()) {
            s.put("mode", r.choose(new String[] {"protected", "unprotected", "failedover", "broken"}));
            s.put("primaryUp", r.nextBoolean()).put("secondaryUp", r.nextInt(0, 9) == 0 ? "yes" : "true");
            s.put("highStreak", r.nextInt(-1, 2));
        }
        if (r.nextBoolean()) {
            s.putObject("inflight").putObject("c1").put("epoch", r.nextInt(0, 2)).put("seq", 0);
            s.putObject("committed").putObject("c1").put("epoch", 0).put("seq", 0);
            s.putObject("acked").put("c1", r.nextBoolean() ? JSON.numberNode(0) : JSON.objectNode().put(ItfValues.BIGINT, "1"));
        }
        return s;
    }
}
