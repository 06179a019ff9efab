package dev.hac.fuzz.campaign;

import edu.berkeley.cs.jqf.fuzz.Fuzz;
import edu.berkeley.cs.jqf.fuzz.JQF;
import org.junit.runner.RunWith;

/** A driver with a bug Zest finds in a second: shows that campaigns save failures with their traces. */
@RunWith(JQF.class)
public class FailingDriver {

    @Fuzz
    public void failsOnMultiplesOfSeven(final int x) {
        if (x % 7 == 0) {
            throw new IllegalStateException(x + " is a multiple of seven");
        }
    }
}
