package dev.hac.examples.cnic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.adapter.ReferenceAdapter;
import dev.hac.conformance.Adapters;
import dev.hac.conformance.ProcessAdapter;
import dev.hac.conformance.SystemUnderTest;
import dev.hac.vocabulary.Action;
import dev.hac.vocabulary.ItfValues;
import dev.hac.vocabulary.Variable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the conformance traces cannot show: the spec's traces take only enabled steps, so
 * a refusal (a full buffer under backpressure or early) and configurations other than
 * MC_conformance's are never asked of the C implementation there. Here seeded random
 * action sequences, enabled or not, drive the C program and the reference implementation
 * side by side: both must perform or refuse the same steps and observe the same 13
 * variables after each one.
 */
class CNicDifferentialIT {

    private static final Path C_NIC = Path.of("target", "c-nic");
    private static final int SEQUENCES = 30;
    private static final int STEPS = 50;

    @ParameterizedTest(name = "Policy {0}, K {1}, Overflow {2}, Cap {3}")
    @CsvSource({"strict, 1, backpressure, 2", "bypass, 2, early, 1", "strict, 3, drop, 1"})
    void theCProgramAndTheReferencePerformRefuseAndObserveAlike(final String policy, final int k,
                                                               final String overflow, final int cap) {
        final List<String> ckpt = List.of("c1", "c2");
        final List<String> plain = List.of("p1");
        final Set<String> vms = new LinkedHashSet<>(ckpt);
        vms.addAll(plain);
        final Map<String, Object> params = new LinkedHashMap<>();
        params.put("CkptVMs", new LinkedHashSet<>(ckpt));
        params.put("PlainVMs", new LinkedHashSet<>(plain));
        params.put("Cap", cap);
        params.put("Policy", policy);
        params.put("K", k);
        params.put("Overflow", overflow);
        final Random random = new Random(policy.hashCode() * 31L + overflow.hashCode());
        long refused = 0;
        try (SystemUnderTest c = Adapters.process(C_NIC.toString(), ProcessAdapter.DEFAULT_TIMEOUT, System.err::println);
             SystemUnderTest reference = new ReferenceAdapter()) {
            for (int s = 0; s < SEQUENCES; s++) {
                c.reset(params);
                reference.reset(params);
                for (int i = 1; i <= STEPS; i++) {
                    final Action action = action(random);
                    final Map<String, Object> args = args(action, ckpt, vms, random);
                    final boolean expected = reference.apply(action.id(), args);
                    final String where = "sequence " + s + ", step " + i + " " + action + args;
                    if (c.apply(action.id(), args) != expected) {
                        fail(where + ": the reference " + (expected ? "performed" : "refused") + " it, the C program not");
                    }
                    refused += expected ? 0 : 1;
                    same(reference.observe(), c.observe(), vms, where);
                }
            }
        }
        assertThat(refused).as("steps refused by both").isPositive();
        final Set<Action> drawn = EnumSet.noneOf(Action.class);
        drawn.addAll(PROTOCOL);
        drawn.addAll(FAILURES);
        assertThat(drawn).isEqualTo(EnumSet.allOf(Action.class));
    }

    /** Weighted: VmEmit and NicTransmit twice, so that buffers and queues fill. */
    private static final List<Action> PROTOCOL = List.of(Action.VM_EMIT, Action.VM_EMIT, Action.HAC_START_CHECKPOINT,
            Action.SECONDARY_APPLY, Action.PRIMARY_RECEIVE_ACK, Action.NIC_TRANSMIT, Action.NIC_TRANSMIT,
            Action.HAC_ABORT_CHECKPOINT);
    private static final List<Action> FAILURES = List.of(Action.PRIMARY_CRASH, Action.SECONDARY_TAKEOVER,
            Action.SECONDARY_CRASH, Action.PRIMARY_DETECT_SECONDARY_LOSS);

    /**
     * Failures end protection for the rest of a sequence, so they are rare (one step in 20):
     * most sequences live long enough to buffer, seal, commit and release several epochs.
     */
    private static Action action(final Random random) {
        final List<Action> from = random.nextInt(20) == 0 ? FAILURES : PROTOCOL;
        return from.get(random.nextInt(from.size()));
    }

    private static Map<String, Object> args(final Action action, final List<String> ckpt, final Set<String> vms,
                                            final Random random) {
        return switch (action.argument()) {
            case ANY_VM -> action.args(new ArrayList<>(vms).get(random.nextInt(vms.size())));
            case CKPT_VM -> action.args(ckpt.get(random.nextInt(ckpt.size())));
            case ORDER -> {
                final List<String> order = new ArrayList<>(ckpt);
                Collections.shuffle(order, random);
                yield action.args(order);
            }
            default -> action.args();
        };
    }

    private static void same(final Map<String, Object> expected, final Map<String, Object> observed,
                             final Set<String> vms, final String where) {
        for (final String v : Variable.NAMES) {
            final JsonNode e = ItfValues.toItf(expected.get(v), vms);
            final JsonNode o = ItfValues.toItf(observed.get(v), vms);
            if (!ItfValues.same(e, o)) {
                fail(where + ": " + v + " expected " + ItfValues.show(e) + ", observed " + ItfValues.show(o));
            }
        }
    }
}
