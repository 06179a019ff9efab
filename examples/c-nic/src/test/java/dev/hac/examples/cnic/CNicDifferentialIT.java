package dev.hac.examples.cnic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.conformance.Adapters;
import dev.hac.conformance.Contract;
import dev.hac.conformance.ProcessAdapter;
import dev.hac.conformance.ReferenceAdapter;
import dev.hac.conformance.SystemUnderTest;
import dev.hac.conformance.Values;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
                    final String action = action(random);
                    final Map<String, Object> args = args(action, ckpt, vms, random);
                    final boolean expected = reference.apply(action, args);
                    final String where = "sequence " + s + ", step " + i + " " + action + args;
                    if (c.apply(action, args) != expected) {
                        fail(where + ": the reference " + (expected ? "performed" : "refused") + " it, the C program not");
                    }
                    refused += expected ? 0 : 1;
                    same(reference.observe(), c.observe(), vms, where);
                }
            }
        }
        assertThat(refused).as("steps refused by both").isPositive();
        final Set<String> drawn = new LinkedHashSet<>(PROTOCOL);
        drawn.addAll(FAILURES);
        assertThat(drawn).isEqualTo(Contract.ACTIONS.keySet());
    }

    /** Weighted: VmEmit and NicTransmit twice, so that buffers and queues fill. */
    private static final List<String> PROTOCOL = List.of("VmEmit", "VmEmit", "HacStartCheckpoint", "SecondaryApply",
            "PrimaryReceiveAck", "NicTransmit", "NicTransmit", "HacAbortCheckpoint");
    private static final List<String> FAILURES = List.of("PrimaryCrash", "SecondaryTakeover", "SecondaryCrash",
            "PrimaryDetectSecondaryLoss");

    /**
     * Failures end protection for the rest of a sequence, so they are rare (one step in 20):
     * most sequences live long enough to buffer, seal, commit and release several epochs.
     */
    private static String action(final Random random) {
        final List<String> from = random.nextInt(20) == 0 ? FAILURES : PROTOCOL;
        return from.get(random.nextInt(from.size()));
    }

    private static Map<String, Object> args(final String action, final List<String> ckpt, final Set<String> vms,
                                            final Random random) {
        final Map<String, Object> args = new LinkedHashMap<>();
        switch (action) {
            case "VmEmit" -> args.put("v", new ArrayList<>(vms).get(random.nextInt(vms.size())));
            case "HacStartCheckpoint", "SecondaryApply", "PrimaryReceiveAck", "HacAbortCheckpoint" ->
                    args.put("v", ckpt.get(random.nextInt(ckpt.size())));
            case "PrimaryDetectSecondaryLoss" -> {
                final List<String> order = new ArrayList<>(ckpt);
                Collections.shuffle(order, random);
                args.put("order", order);
            }
            default -> { }
        }
        return args;
    }

    private static void same(final Map<String, Object> expected, final Map<String, Object> observed,
                             final Set<String> vms, final String where) {
        for (final String v : Contract.VARIABLES) {
            final JsonNode e = Values.toItf(expected.get(v), vms);
            final JsonNode o = Values.toItf(observed.get(v), vms);
            if (!Values.same(e, o)) {
                fail(where + ": " + v + " expected " + Values.show(e) + ", observed " + Values.show(o));
            }
        }
    }
}
