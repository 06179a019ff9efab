package dev.hac.fuzz.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import edu.berkeley.cs.jqf.fuzz.util.FastNonCollidingCoverage;
import edu.berkeley.cs.jqf.fuzz.util.ICoverage;
import janala.instrument.FastCoverageListener;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ArrayCoverage} against JQF's own {@link FastNonCollidingCoverage}: the same probes into both must give
 * Zest the same answers (covered keys, new coverage, whether a run changed the total's hit-count buckets).
 */
class ArrayCoverageTest {

    /** Random runs of probes, keys as JQF's instrumentation hands them out (dense, from 1, some far up). */
    private static void probe(final Random r, final FastCoverageListener a, final FastCoverageListener b) {
        final int probes = r.nextInt(200);
        for (int i = 0; i < probes; i++) {
            final int iid = 1 + (r.nextInt(10) == 0 ? r.nextInt(70_000) : r.nextInt(300));
            final int hits = r.nextInt(8) == 0 ? 1 + r.nextInt(40) : 1;
            for (int h = 0; h < hits; h++) {
                switch (r.nextInt(4)) {
                    case 0 -> { a.logMethodBegin(iid); b.logMethodBegin(iid); }
                    case 1 -> { final int arm = r.nextInt(2); a.logJump(iid, arm); b.logJump(iid, arm); }
                    case 2 -> {
                        final int v = r.nextInt(6);
                        a.logTableSwitch(v, iid, 1, 3, 0);
                        b.logTableSwitch(v, iid, 1, 3, 0);
                    }
                    default -> {
                        final int[] cases = {7, 9, 40};
                        final int v = cases[r.nextInt(3)] + r.nextInt(2);
                        a.logLookUpSwitch(v, iid, 0, cases);
                        b.logLookUpSwitch(v, iid, 0, cases);
                    }
                }
            }
        }
    }

    @Test
    void givesZestTheSameAnswersAsJqfsNonCollidingCoverageRunAfterRun() {
        final Random r = new Random(42);
        final ArrayCoverage run = new ArrayCoverage();
        final ArrayCoverage total = new ArrayCoverage();
        final FastNonCollidingCoverage jqfRun = new FastNonCollidingCoverage();
        final FastNonCollidingCoverage jqfTotal = new FastNonCollidingCoverage();
        int changedRuns = 0;
        for (int i = 0; i < 300; i++) {
            run.clear();
            jqfRun.clear();
            probe(r, run, jqfRun);
            assertThat(run.getNonZeroCount()).isEqualTo(jqfRun.getNonZeroCount());
            assertThat(run.getCovered().toSortedArray()).isEqualTo(jqfRun.getCovered().toSortedArray());
            assertThat(run.computeNewCoverage(total).toSortedArray())
                    .isEqualTo(jqfRun.computeNewCoverage(jqfTotal).toSortedArray());
            final boolean changed = total.updateBits(run);
            assertThat(changed).as("run %d changed the total", i).isEqualTo(jqfTotal.updateBits(jqfRun));
            changedRuns += changed ? 1 : 0;
            assertThat(total.getNonZeroCount()).isEqualTo(jqfTotal.getNonZeroCount());
            final int[] keys = jqfTotal.getCovered().toArray();
            assertThat(Arrays.stream(keys).map(total.getCounter()::get).toArray())
                    .isEqualTo(Arrays.stream(keys).map(jqfTotal.getCounter()::get).toArray());
            final ICoverage<?> copy = run.copy();
            assertThat(copy.getCovered().toSortedArray()).isEqualTo(run.getCovered().toSortedArray());
        }
        assertThat(changedRuns).as("runs that found new coverage or hit counts").isBetween(30, 299);
    }

    @Test
    void clearingARunForgetsEveryProbe() {
        final ArrayCoverage run = new ArrayCoverage();
        run.logJump(5, 1);
        run.logMethodBegin(100_000);
        run.clear();
        assertThat(run.getNonZeroCount()).isZero();
        assertThat(run.getCounter().get(6)).isZero();
        assertThat(run.getCounter().get(100_000)).isZero();
        run.logJump(5, 0);
        assertThat(run.getCovered().toArray()).containsExactly(5);
    }
}
