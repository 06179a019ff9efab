package dev.hac.fuzz.campaign;

import edu.berkeley.cs.jqf.fuzz.util.Counter;
import edu.berkeley.cs.jqf.fuzz.util.FastNonCollidingCounter;
import edu.berkeley.cs.jqf.fuzz.util.FastNonCollidingCoverage;
import edu.berkeley.cs.jqf.fuzz.util.ICoverage;
import janala.instrument.FastCoverageListener;
import java.util.Arrays;
import org.eclipse.collections.api.list.primitive.IntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Zest's coverage (of one run, or everything a campaign has covered) in a plain array, with the same meaning as
 * JQF's {@link FastNonCollidingCoverage}: one count per probe key, and a campaign's total keeps the highest bit of
 * every count a run reached (AFL's hit-count buckets).
 *
 * <p>JQF's fast instrumentation numbers its probes from one JVM-wide counter as it instruments each class, so the
 * keys are small, dense integers: an array indexed by key replaces JQF's {@code IntIntHashMap}, whose synchronised
 * probing took most of a {@code nic} campaign (every method entry, call site and branch arm of the code under test
 * is one increment). A run's keys are also kept in the order they were first hit, so clearing, merging and
 * comparing a run cost what the run covered, not the whole array.
 *
 * <p>Not synchronised: the drivers run the code under test on the fuzzing thread, which is the only thread that
 * counts (the probes of another thread would race on the array; none of the targets starts one).
 */
class ArrayCoverage extends FastCoverageListener.Default implements ICoverage<Counter> {

    private int[] counts = new int[1 << 12];
    /** Keys with a non-zero count, in the order they were first hit. */
    private int[] covered = new int[1 << 10];
    private int coveredCount;
    private final Counter view = new Counter(0) {
        @Override
        public int get(final int key) {
            return count(key);
        }

        @Override
        public int getNonZeroSize() {
            return coveredCount;
        }

        @Override
        public boolean hasNonZeros() {
            return coveredCount > 0;
        }

        @Override
        public IntList getNonZeroIndices() {
            return getCovered();
        }
    };

    /** One probe. */
    final void hit(final int key) {
        if (key >= counts.length) {
            counts = Arrays.copyOf(counts, Integer.highestOneBit(key) << 1);
        }
        if (counts[key]++ == 0) {
            addCovered(key);
        }
    }

    private void addCovered(final int key) {
        if (coveredCount == covered.length) {
            covered = Arrays.copyOf(covered, coveredCount << 1);
        }
        covered[coveredCount++] = key;
    }

    final int count(final int key) {
        return key < counts.length ? counts[key] : 0;
    }

    // Probe keys as JQF's FastNonCollidingCoverage computes them: the probe's id plus its arm.

    @Override
    public void logMethodBegin(final int iid) {
        hit(iid);
    }

    @Override
    public void logJump(final int iid, final int branch) {
        hit(iid + branch);
    }

    @Override
    public void logLookUpSwitch(final int value, final int iid, final int dflt, final int[] cases) {
        int arm = cases.length;
        for (int i = 0; i < cases.length; i++) {
            if (value == cases[i]) {
                arm = i;
                break;
            }
        }
        hit(iid + arm + 1);
    }

    @Override
    public void logTableSwitch(final int value, final int iid, final int min, final int max, final int dflt) {
        final int arm = value >= min && value <= max ? value - min : 1 + max - min;
        hit(iid + arm + 1);
    }

    // ------------------------------------------------------------------ ICoverage, as ZestGuidance uses it

    @Override
    public int size() {
        return counts.length;
    }

    @Override
    public int getNonZeroCount() {
        return coveredCount;
    }

    @Override
    public IntList getCovered() {
        return IntArrayList.newListWith(Arrays.copyOf(covered, coveredCount));
    }

    @Override
    public IntList computeNewCoverage(final ICoverage baseline) {
        final IntArrayList fresh = new IntArrayList();
        final Counter base = baseline.getCounter();
        for (int i = 0; i < coveredCount; i++) {
            if (base.get(covered[i]) == 0) {
                fresh.add(covered[i]);
            }
        }
        return fresh;
    }

    @Override
    public void clear() {
        for (int i = 0; i < coveredCount; i++) {
            counts[covered[i]] = 0;
        }
        coveredCount = 0;
    }

    /** ORs the highest bit of each of {@code that} run's counts into this total; true if anything changed. */
    @Override
    public boolean updateBits(final ICoverage that) {
        final ArrayCoverage run = (ArrayCoverage) that;
        boolean changed = false;
        for (int i = 0; i < run.coveredCount; i++) {
            final int key = run.covered[i];
            final int before = count(key);
            final int after = before | Integer.highestOneBit(run.counts[key]);
            if (after != before) {
                if (key >= counts.length) {
                    counts = Arrays.copyOf(counts, Integer.highestOneBit(key) << 1);
                }
                counts[key] = after;
                changed = true;
                if (before == 0) {
                    addCovered(key);
                }
            }
        }
        return changed;
    }

    @Override
    public int nonZeroHashCode() {
        return getCovered().hashCode();
    }

    @Override
    public Counter getCounter() {
        return view;
    }

    /**
     * The copy Zest keeps with each saved input (and never reads again in JQF 2.1): sparse, as JQF's own, so that a
     * corpus of hundreds of inputs does not hold hundreds of arrays as long as the highest probe key.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public ICoverage copy() {
        final FastNonCollidingCoverage copy = new FastNonCollidingCoverage();
        final FastNonCollidingCounter c = (FastNonCollidingCounter) copy.getCounter();
        for (int i = 0; i < coveredCount; i++) {
            c.increment(covered[i], counts[covered[i]]);
        }
        return copy;
    }
}
