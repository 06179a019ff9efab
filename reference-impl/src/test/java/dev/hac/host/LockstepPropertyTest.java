package dev.hac.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.pholser.junit.quickcheck.From;
import com.pholser.junit.quickcheck.Property;
import com.pholser.junit.quickcheck.runner.JUnitQuickcheck;
import org.junit.runner.RunWith;

/**
 * The stateful property: generated action scripts run on the lockstep driver (real
 * utility, NIC engine, codec, replica) and on {@link OutputCommitModel}; after every
 * step both agree on whether the action was enabled and on all 13 variables.
 */
@RunWith(JUnitQuickcheck.class)
public class LockstepPropertyTest {

    @Property(trials = 300)
    public void lockstepDriverAgreesWithTheModelAfterEveryStep(@From(ActionScriptGenerator.class) final ActionScript script) {
        final Lockstep driver = new Lockstep(script.config());
        final OutputCommitModel model = new OutputCommitModel(script.config());
        int i = 0;
        for (final ActionScript.Step step : script.steps()) {
            i++;
            final boolean expected = model.apply(step.action(), step.args());
            assertThat(driver.apply(step.action(), step.args())).as("step %d %s enabled, config %s", i, step, script.config())
                    .isEqualTo(expected);
            assertThat(driver.observe()).as("state after step %d %s, config %s", i, step, script.config())
                    .isEqualTo(model.observe());
        }
    }
}
