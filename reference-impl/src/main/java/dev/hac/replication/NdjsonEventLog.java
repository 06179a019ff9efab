package dev.hac.replication;

import dev.hac.host.AbstractState;
import dev.hac.host.EventSink;
import dev.hac.host.HacUtility;
import dev.hac.host.Mode;
import dev.hac.host.Vm;
import dev.hac.nic.QueuedFrame;
import dev.hac.nic.SchedulerPolicy;
import dev.hac.vocabulary.Action;
import dev.hac.vocabulary.Constant;
import dev.hac.vocabulary.EventLogSchema;
import dev.hac.vocabulary.FencingEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live primary's event log for trace validation, in the format of {@link EventLogSchema}:
 * one line per abstract action, written after the action took effect.
 *
 * The header holds the model's constants as this primary runs them, so a validator needs
 * nothing but the file: {@code Cap} is the frame limit per checkpointing VM (the byte limit has
 * no counterpart in the spec), {@code Policy}/{@code K} the scheduler, {@code Overflow} the policy
 * when full ({@code K} is 1, and unused, under strict priority).
 *
 * {@code state} has the shape of {@link AbstractState}. The primary logs what it knows: an
 * acknowledgement it receives is logged as {@link Action#SECONDARY_APPLY} (the secondary
 * applied before it acknowledged, and nothing the primary did in between depends
 * on it) immediately followed by {@link Action#PRIMARY_RECEIVE_ACK}. A checkpoint applied
 * after the primary aborted it is not logged (its ack is stale). The log ends
 * where the primary ends; a takeover is not in it. A fenced primary's claims, lease expiries,
 * heals and halt are fencing lines ({@link FencingEvent}) with the same state.
 *
 * <p>Each line serialises the whole state, including the growing {@code wire}: it
 * is meant for runs of seconds, not for production. A primary killed while writing
 * may leave an incomplete last line (no newline), which the reader drops.
 */
public final class NdjsonEventLog implements EventSink, AutoCloseable {

    private final EventLogSchema.Writer out;
    private final HacUtility utility;
    private final List<String> vms = new ArrayList<>();
    private final Map<String, Integer> vfOf = new LinkedHashMap<>();
    private final List<QueuedFrame> wire = new ArrayList<>();
    private PrimaryReplicator replicator;

    public NdjsonEventLog(final Path file, final HacUtility utility, final LiveOptions options) throws IOException {
        this(file, utility, options, Map.of());
    }

    /**
     * A log whose header also describes its writer ({@link EventLogSchema#WRITER}): a fenced primary's log is
     * meant for Fencing.tla, an unfenced one's for OutputCommit.tla.
     */
    public static NdjsonEventLog primary(final Path file, final HacUtility utility, final LiveOptions options,
                                         final String host, final boolean fenced, final long generation)
            throws IOException {
        final Map<String, Object> writer = new LinkedHashMap<>();
        writer.put(EventLogSchema.SPEC, fenced ? EventLogSchema.SPEC_FENCING : EventLogSchema.SPEC_OUTPUT_COMMIT);
        writer.put(EventLogSchema.HOST, host);
        writer.put(EventLogSchema.ROLE, EventLogSchema.ROLE_PRIMARY);
        writer.put(EventLogSchema.GEN, generation);
        return new NdjsonEventLog(file, utility, options, writer);
    }

    private NdjsonEventLog(final Path file, final HacUtility utility, final LiveOptions options,
                           final Map<String, Object> writer) throws IOException {
        this.utility = utility;
        for (final Vm vm : utility.vms()) {
            vms.add(vm.id());
            vfOf.put(vm.id(), utility.vf(vm.id()));
        }
        final List<String> ckpt = utility.checkpointingVms();
        this.out = new EventLogSchema.Writer(file, params(ckpt, vms.stream().filter(v -> !ckpt.contains(v)).toList(),
                options), writer);
    }

    /** Goes on writing {@code out} (whose header is written) for {@code utility}: a secondary that took over. */
    NdjsonEventLog(final EventLogSchema.Writer out, final HacUtility utility) {
        this.utility = utility;
        for (final Vm vm : utility.vms()) {
            vms.add(vm.id());
            vfOf.put(vm.id(), utility.vf(vm.id()));
        }
        this.out = out;
    }

    /** The header's constants for these VMs under {@code options}. */
    static Map<String, Object> params(final List<String> ckpt, final List<String> plain, final LiveOptions options) {
        final boolean bypass = options.policy().kind() == SchedulerPolicy.Kind.BOUNDED_BYPASS;
        final Map<String, Object> p = new LinkedHashMap<>();
        p.put(Constant.CKPT_VMS.id(), ckpt);
        p.put(Constant.PLAIN_VMS.id(), plain);
        p.put(Constant.CAP.id(), options.limits().maxFrames());
        p.put(Constant.POLICY.id(), bypass ? Constant.BYPASS : Constant.STRICT);
        p.put(Constant.K.id(), bypass ? options.policy().k() : 1);
        p.put(Constant.OVERFLOW.id(), switch (options.limits().overflow()) {
            case BACKPRESSURE -> Constant.BACKPRESSURE;
            case DROP -> Constant.DROP;
            case EARLY_CHECKPOINT -> Constant.EARLY;
        });
        return p;
    }

    /** The transmitter reports every frame on the wire here. */
    public void wire(final int vf, final long seq) {
        wire.add(new QueuedFrame(vf, seq));
    }

    void attach(final PrimaryReplicator r) {
        this.replicator = r;
    }

    // Synchronized on the writer: a secondary that took over shares it with its SecondaryEventLog.
    @Override
    public void action(final Action action, final Map<String, Object> args) {
        synchronized (out) {
            out.step(action, args, state());
        }
    }

    /** Flushed at once: fencing lines are rare, and the peer's claims and joins depend on them. */
    @Override
    public void fencing(final FencingEvent event, final Map<String, Object> args) {
        synchronized (out) {
            out.fencing(event, args, state());
            out.flush();
        }
    }

    private Map<String, Object> state() {
        final Mode mode = replicator == null ? Mode.PROTECTED : replicator.mode();
        final AbstractState.Source source = AbstractState.source(utility, v -> utility.vm(v).vmSeq(),
                v -> replicator == null ? new long[2] : replicator.committed(v));
        return AbstractState.of(true, mode == Mode.PROTECTED, mode, vms, utility.checkpointingVms(), source,
                utility.engine(), vfOf, vms::get, wire);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Pushes written lines to the file (the primary may be killed at any moment). */
    @Override
    public void flush() {
        synchronized (out) {
            out.flush();
        }
    }
}
