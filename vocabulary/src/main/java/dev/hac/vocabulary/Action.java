package dev.hac.vocabulary;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The actions of OutputCommit, in the spec's order, each with its argument and, for the actions
 * with a VM argument, the per-VM variable the action changes at exactly that VM and no other
 * (docs/MODEL.md), so that the argument can be read off a step. This is the only place the
 * action names are spelled in Java: the spec runner, the implementation, the conformance suite,
 * the fuzzers and the CLI all name an action through this enum. A new action is a new constant
 * here, its case in the implementation's driver, and its action in the TLA+ spec.
 */
public enum Action {
    /** A VM sends a frame (a checkpointing VM's is buffered, an ordinary one's queued). */
    VM_EMIT("VmEmit", Argument.ANY_VM, Variable.VM_SEQ),
    /** The HAC utility closes a VM's epoch and ships its checkpoint. */
    HAC_START_CHECKPOINT("HacStartCheckpoint", Argument.CKPT_VM, Variable.EPOCH),
    /** The secondary applies the checkpoint in flight and acknowledges it. */
    SECONDARY_APPLY("SecondaryApply", Argument.CKPT_VM, Variable.COMMITTED),
    /** The primary takes the acknowledgement and releases the epoch's frames. */
    PRIMARY_RECEIVE_ACK("PrimaryReceiveAck", Argument.CKPT_VM, Variable.ACKED),
    /** The primary gives up on a checkpoint in flight. */
    HAC_ABORT_CHECKPOINT("HacAbortCheckpoint", Argument.CKPT_VM, Variable.INFLIGHT),
    /** The active NIC puts one frame on the wire. */
    NIC_TRANSMIT("NicTransmit", Argument.NONE, null),
    /** The primary host fails. */
    PRIMARY_CRASH("PrimaryCrash", Argument.NONE, null),
    /** The secondary restores the last committed checkpoints and runs the VMs. */
    SECONDARY_TAKEOVER("SecondaryTakeover", Argument.NONE, null),
    /** The secondary host fails. */
    SECONDARY_CRASH("SecondaryCrash", Argument.NONE, null),
    /** The primary notices the secondary is gone and releases every buffer, VM by VM in {@code order}. */
    PRIMARY_DETECT_SECONDARY_LOSS("PrimaryDetectSecondaryLoss", Argument.ORDER, null);

    /** Every action name, in the spec's order. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Action::id).toList();

    private final String id;
    private final Argument argument;
    private final Variable changedAtVm;

    Action(final String id, final Argument argument, final Variable changedAtVm) {
        this.id = id;
        this.argument = argument;
        this.changedAtVm = changedAtVm;
    }

    /** The action's name in the spec, in traces ({@code mbt::actionTaken}) and in event logs. */
    public String id() {
        return id;
    }

    /** Its argument. */
    public Argument argument() {
        return argument;
    }

    /** For an action with a VM argument, the per-VM variable it changes at that VM only; else null. */
    public Variable changedAtVm() {
        return changedAtVm;
    }

    /** The action called {@code name}, or null when the contract has none of that name. */
    public static Action named(final String name) {
        for (final Action a : values()) {
            if (a.id.equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** The arguments of this action with the value {@code value}: {@code {v: value}} or {@code {order: value}}. */
    public Map<String, Object> args(final Object value) {
        if (argument == Argument.NONE) {
            throw new IllegalArgumentException(id + " takes no argument, given " + value);
        }
        return Map.of(argument.argName(), value);
    }

    /** The arguments of an action that takes none. */
    public Map<String, Object> args() {
        if (argument != Argument.NONE) {
            throw new IllegalArgumentException(id + " needs its argument " + argument.argName());
        }
        return Map.of();
    }

    @Override
    public String toString() {
        return id;
    }
}
