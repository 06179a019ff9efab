package dev.hac.conformance;

import dev.hac.adapter.ReferenceAdapter;
import java.util.List;
import java.util.Map;

/**
 * Faulty implementations for the suite to catch: each wraps the reference adapter and
 * changes what the real implementation does at one kind of step, using only the actions
 * the lockstep driver offers (so every fault is a real behaviour of real code).
 */
final class MutantAdapters {

    private MutantAdapters() {
    }

    /** Delegates everything; subclasses override {@link #apply}. */
    abstract static class Wrapper implements SystemUnderTest {
        final ReferenceAdapter real = new ReferenceAdapter();
        Map<String, Object> params;

        @Override
        public void reset(final Map<String, Object> p) {
            this.params = p;
            real.reset(p);
        }

        @Override
        public boolean apply(final String action, final Map<String, Object> args) {
            return real.apply(action, args);
        }

        @Override
        public Map<String, Object> observe() {
            return real.observe();
        }

        /** VM ids that have a checkpoint in flight, as observed. */
        @SuppressWarnings("unchecked")
        List<String> inFlight() {
            final Map<String, Map<String, Object>> inflight = (Map<String, Map<String, Object>>) observe().get("inflight");
            return inflight.entrySet().stream().filter(e -> !e.getValue().get("epoch").equals(0)).map(Map.Entry::getKey)
                    .toList();
        }
    }

    /**
     * Releases one epoch early: when the acknowledgement of epoch e is acted on, the
     * frames of the open epoch e+1 go out with e's (pushed through a checkpoint of their
     * own that the secondary never acknowledged in the spec's behaviour).
     */
    static final class ReleasesOneEpochEarly extends Wrapper {
        @Override
        @SuppressWarnings("unchecked")
        public boolean apply(final String action, final Map<String, Object> args) {
            if (!real.apply(action, args)) {
                return false;
            }
            final Object v = args.get("v");
            final Map<String, Object> now = observe();
            final Map<String, List<?>> buf = (Map<String, List<?>>) now.get("buf");
            if (action.equals("PrimaryReceiveAck") && !buf.get(v).isEmpty() && now.get("secondaryUp").equals(true)) {
                real.apply("HacStartCheckpoint", args);
                real.apply("SecondaryApply", args);
                real.apply("PrimaryReceiveAck", args);
            }
            return true;
        }
    }

    /**
     * Ignores strict priority: the engine runs bounded bypass with K = 1, so ordinary
     * frames interleave with released ones in arrival order instead of waiting for them.
     */
    static final class FifoInsteadOfPriority extends Wrapper {
        @Override
        public void reset(final Map<String, Object> p) {
            final Map<String, Object> fifo = new java.util.LinkedHashMap<>(p);
            fifo.put("Policy", "bypass");
            fifo.put("K", 1);
            super.reset(fifo);
        }
    }

    /**
     * Keeps the NIC contents across a primary crash: the queued frames survive the host
     * and still go out on the wire.
     */
    static final class KeepsNicContentsAcrossCrash extends Wrapper {
        @Override
        public boolean apply(final String action, final Map<String, Object> args) {
            if (action.equals("PrimaryCrash")) {
                while (real.apply("NicTransmit", Map.of())) {
                    // drain what the dead host's NIC still holds
                }
            }
            return real.apply(action, args);
        }
    }

    /**
     * Takes over from the in-flight checkpoint: a checkpoint still in transfer when the
     * primary dies is applied on the secondary as if it had arrived whole.
     */
    static final class TakesOverFromInflightCheckpoint extends Wrapper {
        @Override
        public boolean apply(final String action, final Map<String, Object> args) {
            if (action.equals("PrimaryCrash")) {
                inFlight().forEach(v -> real.apply("SecondaryApply", Map.of("v", v)));
            }
            return real.apply(action, args);
        }
    }
}
