package dev.hac.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shared vocabulary of docs/DESIGN.md §2 and docs/MODEL.md: constants, variables, actions and
 * their arguments. Traces, adapters and logs that use other names are rejected.
 */
public final class Contract {

    public static final List<String> CONSTANTS = List.of("CkptVMs", "PlainVMs", "Cap", "Policy", "K", "Overflow");

    public static final List<String> VARIABLES = List.of("primaryUp", "secondaryUp", "mode", "vmSeq", "epoch",
            "inflight", "committed", "acked", "buf", "txHigh", "txNormal", "wire", "highStreak");

    /** What an action's single argument ranges over. */
    public enum Argument {
        /** No argument. */
        NONE(null),
        /** {@code v}: any VM. */
        ANY_VM("v"),
        /** {@code v}: a checkpointing VM. */
        CKPT_VM("v"),
        /** {@code order}: every checkpointing VM once, as a sequence. */
        ORDER("order");

        private final String name;

        Argument(final String name) {
            this.name = name;
        }

        /** The argument's name in {@code mbt::nondetPicks}, or null. */
        public String argName() {
            return name;
        }
    }

    /** Action name to its argument, in docs/DESIGN.md order. */
    public static final Map<String, Argument> ACTIONS;

    /**
     * For the actions with a VM argument: the per-VM variable that the action changes at
     * exactly that VM and no other (docs/MODEL.md), so the argument is read off a step.
     */
    public static final Map<String, String> CHANGED_AT_VM = Map.of(
            "VmEmit", "vmSeq",
            "HacStartCheckpoint", "epoch",
            "SecondaryApply", "committed",
            "PrimaryReceiveAck", "acked",
            "HacAbortCheckpoint", "inflight");

    public static final Set<String> MODES = Set.of("protected", "unprotected", "failedover");
    public static final Set<String> POLICIES = Set.of("strict", "bypass");
    public static final Set<String> OVERFLOWS = Set.of("backpressure", "drop", "early");

    static {
        final Map<String, Argument> a = new LinkedHashMap<>();
        a.put("VmEmit", Argument.ANY_VM);
        a.put("HacStartCheckpoint", Argument.CKPT_VM);
        a.put("SecondaryApply", Argument.CKPT_VM);
        a.put("PrimaryReceiveAck", Argument.CKPT_VM);
        a.put("HacAbortCheckpoint", Argument.CKPT_VM);
        a.put("NicTransmit", Argument.NONE);
        a.put("PrimaryCrash", Argument.NONE);
        a.put("SecondaryTakeover", Argument.NONE);
        a.put("SecondaryCrash", Argument.NONE);
        a.put("PrimaryDetectSecondaryLoss", Argument.ORDER);
        ACTIONS = java.util.Collections.unmodifiableMap(a);
    }

    private Contract() {
    }
}
