package dev.hac.host;

import com.pholser.junit.quickcheck.generator.GenerationStatus;
import com.pholser.junit.quickcheck.generator.Generator;
import com.pholser.junit.quickcheck.random.SourceOfRandomness;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * junit-quickcheck generator of {@link ActionScript}s: small models (1-2
 * checkpointing VMs, 0-1 plain, Cap 1-3, both policies, every overflow policy)
 * and up to 80 actions, weighted towards emitting, checkpointing and
 * transmitting, with failures rare enough that scripts get past them. Shrinks by
 * dropping steps.
 */
public final class ActionScriptGenerator extends Generator<ActionScript> {
    private static final String[] OVERFLOWS = {"backpressure", "drop", "early"};

    public ActionScriptGenerator() {
        super(ActionScript.class);
    }

    @Override
    public ActionScript generate(final SourceOfRandomness r, final GenerationStatus status) {
        final List<String> ckpt = r.nextBoolean() ? List.of("c1") : List.of("c1", "c2");
        final List<String> plain = r.nextBoolean() ? List.of() : List.of("p1");
        final boolean bypass = r.nextBoolean();
        final Lockstep.Config config = new Lockstep.Config(ckpt, plain, r.nextInt(1, 3), bypass ? "bypass" : "strict",
                bypass ? r.nextInt(1, 2) : 0, r.choose(OVERFLOWS));
        final List<ActionScript.Step> steps = new ArrayList<>();
        final int n = r.nextInt(1, 80);
        for (int i = 0; i < n; i++) {
            steps.add(step(r, ckpt, plain));
        }
        return new ActionScript(config, steps);
    }

    private static ActionScript.Step step(final SourceOfRandomness r, final List<String> ckpt, final List<String> plain) {
        final int pick = r.nextInt(0, 99);
        final String c = r.choose(ckpt);
        if (pick < 30) {
            final List<String> all = new ArrayList<>(ckpt);
            all.addAll(plain);
            return new ActionScript.Step("VmEmit", Map.of("v", r.choose(all)));
        }
        if (pick < 42) {
            return new ActionScript.Step("HacStartCheckpoint", Map.of("v", c));
        }
        if (pick < 54) {
            return new ActionScript.Step("SecondaryApply", Map.of("v", c));
        }
        if (pick < 66) {
            return new ActionScript.Step("PrimaryReceiveAck", Map.of("v", c));
        }
        if (pick < 70) {
            return new ActionScript.Step("HacAbortCheckpoint", Map.of("v", c));
        }
        if (pick < 92) {
            return new ActionScript.Step("NicTransmit", Map.of());
        }
        if (pick < 94) {
            return new ActionScript.Step("PrimaryCrash", Map.of());
        }
        if (pick < 96) {
            return new ActionScript.Step("SecondaryTakeover", Map.of());
        }
        if (pick < 98) {
            return new ActionScript.Step("SecondaryCrash", Map.of());
        }
        final List<String> order = new ArrayList<>(ckpt);
        Collections.shuffle(order, r.toJDKRandom());
        return new ActionScript.Step("PrimaryDetectSecondaryLoss", Map.of("order", order));
    }

    @Override
    public List<ActionScript> doShrink(final SourceOfRandomness r, final ActionScript larger) {
        final List<ActionScript> smaller = new ArrayList<>();
        final List<ActionScript.Step> s = larger.steps();
        if (s.size() > 1) {
            smaller.add(new ActionScript(larger.config(), s.subList(0, s.size() / 2)));
            smaller.add(new ActionScript(larger.config(), s.subList(0, s.size() - 1)));
            for (int i = 0; i < s.size() && smaller.size() < 12; i++) {
                final List<ActionScript.Step> without = new ArrayList<>(s);
                without.remove(i);
                smaller.add(new ActionScript(larger.config(), without));
            }
        }
        return smaller;
    }
}
