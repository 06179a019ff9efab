package dev.hac.testkit.nic;

import dev.hac.nic.OverflowPolicy;

/**
 * One step of a generated operation sequence. Operations name VFs and relative epochs rather than absolute
 * state, so every subsequence of a valid sequence is valid: that is what lets shrinking drop steps freely.
 * A VF index equal to the number of configured VFs means "a VF the engine has but nobody configured"; -1 is
 * out of range.
 */
public sealed interface NicOp {

    /** {@code VmEmit}: the VM on {@code vf} sends a frame of the given kind and length. */
    record Emit(int vf, FrameKind kind, int length) implements NicOp {
    }

    /** {@code HacStartCheckpoint}: seal the open epoch. */
    record Seal(int vf) implements NicOp {
    }

    /**
     * {@code PrimaryReceiveAck}: commit epoch {@code open - 1 - back}; {@code back = -1} commits the open epoch,
     * which must be refused. Skipped when that epoch would be below 1.
     */
    record Commit(int vf, int back) implements NicOp {
    }

    /** {@code NicTransmit}, {@code frames} times. */
    record Transmit(int frames) implements NicOp {
    }

    /** {@code PrimaryDetectSecondaryLoss} with a release order derived from {@code orderSeed}. */
    record SecondaryLost(long orderSeed) implements NicOp {
    }

    /** {@code PrimaryCrash} then {@code SecondaryTakeover}. */
    record Takeover() implements NicOp {
    }

    /** The HAC utility changes a VF's frame limit and overflow policy (refused while the VF holds frames). */
    record Reconfigure(int vf, int capFrames, OverflowPolicy overflow) implements NicOp {
    }
}
