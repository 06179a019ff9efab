package dev.hac.undertest;

import edu.berkeley.cs.jqf.fuzz.Fuzz;
import edu.berkeley.cs.jqf.fuzz.JQF;
import org.junit.runner.RunWith;

/**
 * A driver that hangs on every input: shows that campaigns save a hang as a failure, also on a campaign's first,
 * fresh input (for which JQF itself keeps no run start). It stands for code under test that hangs, so it lives
 * outside the packages campaigns leave uninstrumented ({@code dev.hac.fuzz}, {@code dev.hac.testkit}): a hang is
 * noticed at instrumented method entries. It gives up after a minute so that a broken timeout fails the test
 * instead of stalling the build.
 */
@RunWith(JQF.class)
public class HangingDriver {

    private static final long GIVE_UP_NANOS = 60_000_000_000L;

    @Fuzz
    public void hangs(final int x) {
        final long start = System.nanoTime();
        while (System.nanoTime() - start < GIVE_UP_NANOS) {
            spin();
        }
    }

    private static void spin() {
        Thread.onSpinWait();
    }
}
