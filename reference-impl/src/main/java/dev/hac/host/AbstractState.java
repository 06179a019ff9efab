package dev.hac.host;

import dev.hac.nic.BufferedFrame;
import dev.hac.nic.NicEngine;
import dev.hac.nic.QueuedFrame;
import dev.hac.vocabulary.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Builds the 13 abstract variables ({@link Variable}) as plain Java values (ints,
 * booleans, strings, lists, maps; records as maps with the model's field names;
 * "none" as {@code {epoch:0, seq:0}} and {@code 0}). Shared by the lockstep
 * driver and the live event log, so both speak exactly the same shape.
 */
public final class AbstractState {

    /** Where each per-VM variable comes from. */
    public interface Source {
        long vmSeq(String vm);

        long epoch(String vm);

        HacUtility.InFlight inflight(String vm);

        /** {epoch, seq} of the last checkpoint applied on the secondary. */
        long[] committed(String vm);

        long acked(String vm);
    }

    private AbstractState() {
    }

    /**
     * The usual source: {@code epoch}, {@code inflight}, {@code acked} from the primary's utility; {@code vmSeq} and
     * {@code committed} from wherever the caller knows them (the lockstep driver asks the replicas and, after a
     * takeover, the restored VMs; the live primary its own VMs and the acknowledgements it received).
     */
    public static Source source(final HacUtility primary, final java.util.function.ToLongFunction<String> vmSeq,
                                final java.util.function.Function<String, long[]> committed) {
        return new Source() {
            @Override
            public long vmSeq(final String vm) {
                return vmSeq.applyAsLong(vm);
            }

            @Override
            public long epoch(final String vm) {
                // epoch[v] is the primary's; a takeover does not change it in the model.
                return primary.engine().openEpoch(primary.vf(vm));
            }

            @Override
            public HacUtility.InFlight inflight(final String vm) {
                return primary.inflight(vm);
            }

            @Override
            public long[] committed(final String vm) {
                return committed.apply(vm);
            }

            @Override
            public long acked(final String vm) {
                return primary.acked(vm);
            }
        };
    }

    /**
     * @param queues the engine whose {@code buf}, {@code txHigh}, {@code txNormal}, {@code highStreak} are observed
     *               (the active host's); {@code vfOf}/{@code vmOfVf} translate between VM ids and its VF numbers
     */
    public static Map<String, Object> of(final boolean primaryUp, final boolean secondaryUp, final Mode mode,
                                         final List<String> vms, final List<String> ckptVms, final Source source,
                                         final NicEngine queues, final Map<String, Integer> vfOf,
                                         final IntFunction<String> vmOfVf, final List<QueuedFrame> wire) {
        final Map<String, Object> s = new LinkedHashMap<>();
        s.put(Variable.PRIMARY_UP.id(), primaryUp);
        s.put(Variable.SECONDARY_UP.id(), secondaryUp);
        s.put(Variable.MODE.id(), mode.model);
        final Map<String, Object> vmSeq = new LinkedHashMap<>();
        final Map<String, Object> epoch = new LinkedHashMap<>();
        final Map<String, Object> inflight = new LinkedHashMap<>();
        final Map<String, Object> committed = new LinkedHashMap<>();
        final Map<String, Object> acked = new LinkedHashMap<>();
        final Map<String, Object> buf = new LinkedHashMap<>();
        for (final String v : vms) {
            vmSeq.put(v, (int) source.vmSeq(v));
        }
        for (final String v : ckptVms) {
            epoch.put(v, (int) source.epoch(v));
            final HacUtility.InFlight f = source.inflight(v);
            inflight.put(v, record(Variable.EPOCH_FIELD, f.epoch(), Variable.SEQ, f.seq()));
            final long[] c = source.committed(v);
            committed.put(v, record(Variable.EPOCH_FIELD, c[0], Variable.SEQ, c[1]));
            acked.put(v, (int) source.acked(v));
            final List<Object> frames = new ArrayList<>();
            final Integer vf = vfOf.get(v);
            if (vf != null) {
                for (final BufferedFrame b : queues.buffered(vf)) {
                    frames.add(record(Variable.SEQ, b.seq(), Variable.EPOCH_FIELD, b.epoch()));
                }
            }
            buf.put(v, frames);
        }
        s.put(Variable.VM_SEQ.id(), vmSeq);
        s.put(Variable.EPOCH.id(), epoch);
        s.put(Variable.INFLIGHT.id(), inflight);
        s.put(Variable.COMMITTED.id(), committed);
        s.put(Variable.ACKED.id(), acked);
        s.put(Variable.BUF.id(), buf);
        s.put(Variable.TX_HIGH.id(), queued(queues.txHigh(), vmOfVf));
        s.put(Variable.TX_NORMAL.id(), queued(queues.txNormal(), vmOfVf));
        s.put(Variable.WIRE.id(), queued(wire, vmOfVf));
        s.put(Variable.HIGH_STREAK.id(), queues.highStreak());
        return s;
    }

    private static List<Object> queued(final List<QueuedFrame> frames, final IntFunction<String> vmOfVf) {
        final List<Object> out = new ArrayList<>(frames.size());
        for (final QueuedFrame f : frames) {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put(Variable.VM, vmOfVf.apply(f.vf()));
            m.put(Variable.SEQ, (int) f.seq());
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> record(final String a, final long x, final String b, final long y) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put(a, (int) x);
        m.put(b, (int) y);
        return m;
    }
}
