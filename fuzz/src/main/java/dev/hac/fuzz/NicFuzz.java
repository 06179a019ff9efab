package dev.hac.fuzz;

import com.pholser.junit.quickcheck.From;
import dev.hac.nic.NicHarness;
import dev.hac.nic.NicScenario;
import edu.berkeley.cs.jqf.fuzz.Fuzz;
import edu.berkeley.cs.jqf.fuzz.JQF;
import org.junit.runner.RunWith;

/**
 * Target {@code nic}: generated operation sequences on the NIC engine, run beside the executable {@code NicModel}
 * by {@link NicHarness}, which checks after every step the invariants of docs/DESIGN.md §2 (output commit, per-VM FIFO
 * on the wire, ordinary frames never buffered, strict priority / bounded bypass, limits, accounting) and that the
 * engine and model agree on every variable, return value and refusal.
 */
@RunWith(JQF.class)
public class NicFuzz {

    @Fuzz
    public void operationSequences(@From(HostileNicScenarioGenerator.class) final NicScenario scenario) {
        NicHarness.check(scenario);
    }
}
