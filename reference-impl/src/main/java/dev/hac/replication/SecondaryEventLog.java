package dev.hac.replication;

import dev.hac.host.HacUtility;
import dev.hac.host.Replica;
import dev.hac.host.Standby;
import dev.hac.vocabulary.Action;
import dev.hac.vocabulary.EventLogSchema;
import dev.hac.vocabulary.FencingEvent;
import dev.hac.vocabulary.Variable;
import dev.hac.wire.VmDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secondary's event log, in the format of {@link EventLogSchema} and meant for Fencing.tla (its header's
 * {@link EventLogSchema#WRITER} says so, with role secondary): every checkpoint it applies ({@code SecondaryApply},
 * its state the applied checkpoint of every VM), every claim the witness answered ({@code SecondaryClaimWitness}),
 * the takeover ({@code SecondaryTakeover}, with what was restored and from which checkpoint), and from then on what this host does as the
 * primary that secondaries join, as a primary logs it ({@link NdjsonEventLog} on the same file).
 * <p>
 * The header needs the VM list, which the secondary learns from the first primary that connects: the file is
 * created then. Lines are written by the link's reader, the monitor and the host loop: every method is synchronized.
 */
final class SecondaryEventLog {

    private final Path file;
    private final String host;
    private final LiveOptions options;
    private EventLogSchema.Writer out;

    SecondaryEventLog(final Path file, final String host, final LiveOptions options) {
        this.file = file;
        this.host = host;
        this.options = options;
    }

    /** Creates the file with its header once the VM list is known (the first session); later calls do nothing. */
    synchronized void open(final List<VmDescriptor> vms) {
        if (out != null) {
            return;
        }
        final List<String> ckpt = vms.stream().filter(VmDescriptor::checkpointing).map(VmDescriptor::id).toList();
        final List<String> plain = vms.stream().filter(d -> !d.checkpointing()).map(VmDescriptor::id).toList();
        final Map<String, Object> writer = new LinkedHashMap<>();
        writer.put(EventLogSchema.SPEC, EventLogSchema.SPEC_FENCING);
        writer.put(EventLogSchema.HOST, host);
        writer.put(EventLogSchema.ROLE, EventLogSchema.ROLE_SECONDARY);
        writer.put(EventLogSchema.GEN, 0);
        try {
            out = new EventLogSchema.Writer(file, NdjsonEventLog.params(ckpt, plain, options), writer);
        } catch (final IOException e) {
            throw new UncheckedIOException("event log " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code standby} applied a checkpoint of {@code vm}. */
    synchronized void applied(final String vm, final Standby standby) {
        if (out == null) {
            return;
        }
        final Map<String, Object> committed = new LinkedHashMap<>();
        for (final VmDescriptor d : standby.vms()) {
            if (d.checkpointing()) {
                final Replica r = standby.replica(d.id());
                committed.put(d.id(), Map.of(Variable.EPOCH_FIELD, r.appliedEpoch(), Variable.SEQ, r.appliedSeq()));
            }
        }
        out.step(Action.SECONDARY_APPLY, Action.SECONDARY_APPLY.args(vm), Map.of(Variable.COMMITTED.id(), committed));
        out.flush();
    }

    /** The witness answered a claim: {@code outcome} won or lost, {@code generation} won or the register's. */
    synchronized void claim(final String outcome, final long generation) {
        if (out == null) {
            return;
        }
        out.fencing(FencingEvent.SECONDARY_CLAIM, Map.of("outcome", outcome, "gen", generation), Map.of());
        out.flush();
    }

    /**
     * This host took over, restoring every checkpointing VM from its last applied checkpoint; returns the log that
     * goes on as this host's primary log.
     */
    synchronized NdjsonEventLog tookOver(final Standby.Restored restored) {
        final Map<String, Object> vmSeq = new LinkedHashMap<>();
        final Map<String, Object> epoch = new LinkedHashMap<>();
        final Map<String, Object> committed = new LinkedHashMap<>();
        final HacUtility utility = restored.utility();
        for (final String v : utility.checkpointingVms()) {
            vmSeq.put(v, utility.vm(v).vmSeq());
            epoch.put(v, utility.engine().openEpoch(utility.vf(v)));
            final Replica.Restored c = restored.checkpoints().get(v);
            committed.put(v, Map.of(Variable.EPOCH_FIELD, c.epoch(), Variable.SEQ, c.seq()));
        }
        // epoch is the new NIC's open epoch (committed + 1, as in the model), committed the checkpoint restored from.
        out.step(Action.SECONDARY_TAKEOVER, Action.SECONDARY_TAKEOVER.args(),
                Map.of(Variable.VM_SEQ.id(), vmSeq, Variable.EPOCH.id(), epoch, Variable.COMMITTED.id(), committed));
        out.flush();
        return new NdjsonEventLog(out, utility);
    }

    /** Whether the log was opened (a primary connected); the takeover needs it. */
    synchronized boolean opened() {
        return out != null;
    }

    synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (final IOException e) {
                // the process is stopping; what was flushed is in the file
            }
        }
    }
}
