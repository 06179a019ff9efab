package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hac.vocabulary.ItfValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays traces against a {@link SystemUnderTest}: reset under the trace's constants,
 * compare the initial state, then for every step apply the action and compare every
 * variable the trace carries and the implementation observes (the others are counted as
 * unchecked in the {@link Coverage}). A {@link BrokenAdapterException} stops the replay,
 * located at its trace and step. A trace stops at its first divergence; the others still
 * run (unless {@link #failFast}), so one report has the coverage and every diverging trace.
 */
public final class Replayer {

    /** Told after each trace (from the replaying thread). */
    @FunctionalInterface
    public interface Listener {
        void traceDone(int done, int total, Coverage coverage);

        Listener NONE = (done, total, coverage) -> { };
    }

    private final SystemUnderTest sut;
    private final Coverage coverage;
    private final Listener listener;
    private boolean failFast;

    /**
     * @param graph the model's state graph to measure coverage against, or null (then only
     *              traces, steps and per-action counts are measured)
     */
    public Replayer(final SystemUnderTest sut, final StateGraph graph, final Listener listener) {
        this.sut = sut;
        this.coverage = new Coverage(graph);
        this.listener = listener;
    }

    /** Stop at the first divergence instead of replaying the remaining traces. */
    public Replayer failFast(final boolean stop) {
        this.failFast = stop;
        return this;
    }

    /** Replays every trace; returns the divergences (at most one per trace), in trace order. */
    public List<Divergence> replay(final List<ConformanceTrace> traces) {
        final List<Divergence> divergences = new ArrayList<>();
        coverage.start();
        for (int i = 0; i < traces.size(); i++) {
            final Divergence d = replay(traces.get(i));
            if (d != null) {
                divergences.add(d);
            }
            coverage.stop();
            listener.traceDone(i + 1, traces.size(), coverage);
            if (d != null && failFast) {
                break;
            }
        }
        return divergences;
    }

    public Coverage coverage() {
        return coverage;
    }

    private Divergence replay(final ConformanceTrace t) {
        if (!t.labelled()) {
            throw new IllegalArgumentException(t.source() + " has steps without action or arguments: label them "
                    + "first (StepLabeller)");
        }
        coverage.trace(t.constants());
        final Set<String> domain = t.constants().vms();
        try {
            sut.reset(t.constants().plain());
        } catch (final BrokenAdapterException e) {
            throw e.at(t.source() + ": step 0 reset");
        } catch (final RuntimeException e) {
            return new Divergence(t.source(), 0, "reset", null, Divergence.Kind.THREW,
                    "the implementation did not accept the constants: " + e, List.of());
        }
        Divergence d = compare(t, 0, "reset", domain);
        if (d != null) {
            return d;
        }
        StateGraph.Node at = coverage.visit(null, t.variables(0), null);
        for (int i = 0; i < t.steps().size(); i++) {
            final ConformanceTrace.Step step = t.steps().get(i);
            final boolean done;
            try {
                done = sut.apply(step.action(), step.args());
            } catch (final BrokenAdapterException e) {
                throw e.at(t.source() + ": step " + (i + 1) + " " + step.action() + ItfValues.showArgs(step.picks()));
            } catch (final RuntimeException e) {
                return new Divergence(t.source(), i + 1, step.action(), step.picks(), Divergence.Kind.THREW,
                        "the implementation threw " + e, List.of());
            }
            if (!done) {
                return new Divergence(t.source(), i + 1, step.action(), step.picks(), Divergence.Kind.REFUSED,
                        "the implementation refused the action, which the spec allows here", List.of());
            }
            d = compare(t, i + 1, step.action(), domain);
            if (d != null) {
                return d;
            }
            at = coverage.visit(at, t.variables(i + 1), step.action());
        }
        return null;
    }

    private Divergence compare(final ConformanceTrace t, final int index, final String action, final Set<String> domain) {
        final Map<String, Object> observed;
        try {
            observed = sut.observe();
        } catch (final BrokenAdapterException e) {
            final JsonNode picks = index == 0 ? null : t.steps().get(index - 1).picks();
            throw e.at(t.source() + ": step " + index + " " + action + ItfValues.showArgs(picks) + ", observing");
        } catch (final RuntimeException e) {
            return divergence(t, index, action, Divergence.Kind.THREW, "observe() threw " + e, List.of());
        }
        final List<Divergence.VariableDiff> diffs = new ArrayList<>();
        for (final Map.Entry<String, JsonNode> v : t.variables(index).entrySet()) {
            final Object value = observed.get(v.getKey());
            if (value == null) {
                coverage.unchecked(v.getKey());
                continue;
            }
            JsonNode seen;
            try {
                seen = ItfValues.toItf(value, domain);
            } catch (final IllegalArgumentException e) {
                seen = JsonNodeFactory.instance.textNode("<" + e.getMessage() + ">");
            }
            if (!ItfValues.same(v.getValue(), seen)) {
                diffs.add(new Divergence.VariableDiff(v.getKey(), v.getValue(), seen));
            }
        }
        if (diffs.isEmpty()) {
            return null;
        }
        return divergence(t, index, action, Divergence.Kind.STATE, diffs.size() + " of " + t.itf().vars().size()
                + " variables differ from the spec's state", diffs);
    }

    private static Divergence divergence(final ConformanceTrace t, final int index, final String action,
                                         final Divergence.Kind kind, final String message,
                                         final List<Divergence.VariableDiff> diffs) {
        final ConformanceTrace.Step step = index == 0 ? null : t.steps().get(index - 1);
        return new Divergence(t.source(), index, action, step == null ? null : step.picks(), kind, message, diffs);
    }
}
