package dev.hac.nic;

import com.pholser.junit.quickcheck.From;
import com.pholser.junit.quickcheck.Property;
import com.pholser.junit.quickcheck.runner.JUnitQuickcheck;
import dev.hac.testkit.nic.NicHarness;
import dev.hac.testkit.nic.NicScenario;
import dev.hac.testkit.nic.NicScenarioGenerator;
import org.junit.runner.RunWith;

/** The stateful property: generated operation sequences, engine and {@link NicModel} in lockstep (see {@link NicHarness}). */
@RunWith(JUnitQuickcheck.class)
public class NicEnginePropertyTest {

    @Property(trials = 400, maxShrinks = 2000, maxShrinkDepth = 200, maxShrinkTime = 30_000)
    public void engineAgreesWithTheModelAndKeepsItsInvariantsAfterEveryStep(
            @From(NicScenarioGenerator.class) final NicScenario scenario) {
        NicHarness.check(scenario);
    }
}
