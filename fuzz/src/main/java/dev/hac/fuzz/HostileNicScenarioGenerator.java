package dev.hac.fuzz;

import com.pholser.junit.quickcheck.generator.GenerationStatus;
import com.pholser.junit.quickcheck.generator.Generator;
import com.pholser.junit.quickcheck.random.SourceOfRandomness;
import dev.hac.testkit.nic.FrameKind;
import dev.hac.testkit.nic.NicOp;
import dev.hac.testkit.nic.NicScenario;
import dev.hac.testkit.nic.NicScenarioGenerator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine tests' {@link NicScenarioGenerator}, plus the hostile steps it leaves out because a property test
 * rarely needs them: commits of epochs far beyond the open one (never sealed), control-plane calls and submits on
 * VF indices far outside the engine ({@code Integer.MIN_VALUE}, 4096, ...), and long transmit bursts. Those
 * steps go through the same {@code NicHarness} oracle, which expects both engine and model to refuse them the
 * same way. The base generator already covers spoofed and malformed frames, commits of the open or
 * already-released epochs, takeover, secondary loss and reconfiguration.
 */
public final class HostileNicScenarioGenerator extends Generator<NicScenario> {

    private static final Integer[] FAR_VFS = {Integer.MIN_VALUE, -2, 4096, 65_536, Integer.MAX_VALUE};
    private static final FrameKind[] KINDS = FrameKind.values();

    /**
     * Operations per case: every branch of the engine is reached with rings of 4 and 8 descriptors, which 48 steps
     * wrap and fill; the property test's 120 only made each execution slower, not the campaign's coverage larger.
     */
    static final int MAX_OPS = 48;

    private final NicScenarioGenerator base = new NicScenarioGenerator(MAX_OPS);

    public HostileNicScenarioGenerator() {
        super(NicScenario.class);
    }

    @Override
    public NicScenario generate(final SourceOfRandomness r, final GenerationStatus status) {
        final NicScenario s = base.generate(r, status);
        final int extra = r.nextInt(0, 8);
        if (extra == 0) {
            return s;
        }
        final List<NicOp> ops = new ArrayList<>(s.ops());
        for (int i = 0; i < extra; i++) {
            ops.add(r.nextInt(0, ops.size()), hostile(r, s.vfCount()));
        }
        return s.withOps(ops);
    }

    private static NicOp hostile(final SourceOfRandomness r, final int vfs) {
        return switch (r.nextInt(0, 4)) {
            // back < -1 asks for epoch open + |back| - 1: not sealed, both sides must refuse.
            case 0 -> new NicOp.Commit(r.nextInt(0, vfs - 1), r.nextBoolean() ? -r.nextInt(2, 5) : Integer.MIN_VALUE);
            case 1 -> new NicOp.Seal(r.choose(FAR_VFS));
            case 2 -> new NicOp.Commit(r.choose(FAR_VFS), r.nextInt(-1, 2));
            case 3 -> new NicOp.Emit(r.choose(FAR_VFS), r.choose(KINDS), r.nextInt(0, 1600));
            default -> new NicOp.Transmit(r.nextInt(5, 64));
        };
    }

    @Override
    public List<NicScenario> doShrink(final SourceOfRandomness r, final NicScenario larger) {
        return base.doShrink(r, larger);
    }

    @Override
    public BigDecimal magnitude(final Object value) {
        return base.magnitude(value);
    }
}
