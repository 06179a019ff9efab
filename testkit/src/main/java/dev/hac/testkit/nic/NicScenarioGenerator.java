package dev.hac.testkit.nic;

import com.pholser.junit.quickcheck.generator.GenerationStatus;
import com.pholser.junit.quickcheck.generator.Generator;
import com.pholser.junit.quickcheck.random.SourceOfRandomness;
import dev.hac.nic.FrameClassifier;
import dev.hac.nic.OverflowPolicy;
import dev.hac.nic.SchedulerPolicy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * junit-quickcheck generator of {@link NicScenario}s: small configurations (1-3 checkpointing VMs with tight
 * limits so overflow happens, 0-2 ordinary VMs, both scheduler policies, descriptor rings of 4 to 64 so that rings
 * and slab shares wrap and sometimes fill) and up to {@link #MAX_OPS} (or a given number of) operations weighted
 * towards emitting, sealing, committing and transmitting. Shrinks by dropping runs of operations (halves down to single steps), by
 * simplifying the scheduler policy and by taking the largest ring. Shared with the JQF drivers in {@code fuzz/}.
 */
public final class NicScenarioGenerator extends Generator<NicScenario> {

    /** Default upper bound on operations per scenario. */
    public static final int MAX_OPS = 120;
    /** MTU of the engine the scenarios run on. */
    public static final int MTU = 1500;

    private static final int MAX_SHRINK_CANDIDATES = 64;

    private static final FrameKind[] KINDS = FrameKind.values();
    private static final OverflowPolicy[] OVERFLOWS = OverflowPolicy.values();
    /** Ring sizes a scenario may get; the largest one a scenario of {@link #MAX_OPS} steps rarely fills. */
    private static final int[] RING_SIZES = {4, 8, 16, 64};

    private final int maxOps;

    public NicScenarioGenerator() {
        this(MAX_OPS);
    }

    /** Scenarios of 1 to {@code maxOps} operations. */
    public NicScenarioGenerator(final int maxOps) {
        super(NicScenario.class);
        this.maxOps = maxOps;
    }

    @Override
    public NicScenario generate(final SourceOfRandomness r, final GenerationStatus status) {
        final SchedulerPolicy policy = r.nextBoolean() ? SchedulerPolicy.STRICT
                : SchedulerPolicy.boundedBypass(r.nextInt(1, 3));
        final int ringSize = RING_SIZES[r.nextInt(0, RING_SIZES.length - 1)];
        final int slab = NicScenario.slabBytesPerVf(ringSize);
        final List<NicScenario.VmSpec> ckpt = new ArrayList<>();
        final int n = r.nextInt(1, 3);
        for (int i = 0; i < n; i++) {
            // Mostly limits the VF's resources can hold; one in ten beyond them, which configure refuses.
            final boolean beyond = r.nextInt(0, 9) == 0;
            final int capFrames = beyond ? ringSize + 1 : Math.min(r.nextInt(1, 6), ringSize);
            final long capBytes = beyond || r.nextBoolean() ? slab + (beyond ? 1 : 0)
                    : r.nextInt(FrameClassifier.MIN_FRAME, 1600);
            ckpt.add(new NicScenario.VmSpec(capFrames, capBytes, r.choose(OVERFLOWS)));
        }
        final int plain = r.nextInt(0, 2);
        final int vfs = n + plain;
        final int count = r.nextInt(1, maxOps);
        final List<NicOp> ops = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ops.add(op(r, vfs));
        }
        return new NicScenario(policy, ckpt, plain, ringSize, ops);
    }

    /**
     * Per mille weights: mostly traffic and checkpoints; failures are rare so that most of a sequence runs in
     * protected mode, where buffering, commits and overflow happen.
     */
    private static NicOp op(final SourceOfRandomness r, final int vfs) {
        final int pick = r.nextInt(0, 999);
        if (pick < 450) {
            final FrameKind kind = r.nextInt(0, 9) < 7 ? FrameKind.VALID : r.choose(KINDS);
            final int length = r.nextInt(0, 3) == 0
                    ? r.nextInt(kind.minLength(MTU), kind.maxLength(MTU))
                    : Math.min(kind.maxLength(MTU), kind.minLength(MTU) + r.nextInt(0, 100));
            return new NicOp.Emit(vf(r, vfs), kind, length);
        }
        if (pick < 600) {
            return new NicOp.Seal(r.nextInt(0, 9) == 0 ? vf(r, vfs) : r.nextInt(0, vfs - 1));
        }
        if (pick < 750) {
            return new NicOp.Commit(r.nextInt(0, 9) == 0 ? vf(r, vfs) : r.nextInt(0, vfs - 1),
                    r.nextInt(0, 3) == 0 ? r.nextInt(-1, 2) : 0);
        }
        if (pick < 950) {
            return new NicOp.Transmit(r.nextInt(0, 2) == 0 ? 1 : r.nextInt(2, 10));
        }
        if (pick < 980) {
            return new NicOp.Reconfigure(r.nextInt(0, vfs - 1), r.nextInt(1, 6), r.choose(OVERFLOWS));
        }
        if (pick < 990) {
            return new NicOp.SecondaryLost(r.nextLong());
        }
        return new NicOp.Takeover();
    }

    /** Mostly a configured VF; sometimes the unconfigured one or an out-of-range index. */
    private static int vf(final SourceOfRandomness r, final int vfs) {
        final int x = r.nextInt(0, 19);
        return x == 0 ? -1 : x == 1 ? vfs : r.nextInt(0, vfs - 1);
    }

    @Override
    public List<NicScenario> doShrink(final SourceOfRandomness r, final NicScenario larger) {
        final Set<NicScenario> out = new LinkedHashSet<>();
        final List<NicOp> ops = larger.ops();
        final int size = ops.size();
        // Remove chunks, biggest first (halves, quarters, ... single steps), so that a long failing sequence
        // shrinks in logarithmically many accepted steps.
        for (int chunk = Math.max(1, size / 2); out.size() < MAX_SHRINK_CANDIDATES; chunk /= 2) {
            for (int start = size - chunk; start >= 0 && out.size() < MAX_SHRINK_CANDIDATES; start -= chunk) {
                final List<NicOp> fewer = new ArrayList<>(ops.subList(0, start));
                fewer.addAll(ops.subList(start + chunk, size));
                out.add(larger.withOps(fewer));
            }
            if (chunk == 1) {
                break;
            }
        }
        if (larger.policy().kind() != SchedulerPolicy.Kind.STRICT) {
            out.add(new NicScenario(SchedulerPolicy.STRICT, larger.checkpointing(), larger.plainVms(),
                    larger.ringSize(), ops));
        }
        final int largestRing = RING_SIZES[RING_SIZES.length - 1];
        if (larger.ringSize() != largestRing) {
            out.add(new NicScenario(larger.policy(), larger.checkpointing(), larger.plainVms(), largestRing, ops));
        }
        return new ArrayList<>(out);
    }

    @Override
    public BigDecimal magnitude(final Object value) {
        return BigDecimal.valueOf(narrow(value).ops().size());
    }
}
