package dev.hac.host;

import dev.hac.wire.Message;
import dev.hac.wire.VmDescriptor;

/**
 * The secondary's copy of one checkpointing VM. A received checkpoint is first
 * staged (every check runs there, nothing changes), then applied whole: the
 * page copy cannot fail once staging accepted it, and it runs under the lock
 * that takeover also takes, so a takeover sees the memory before or after a
 * checkpoint, never half of one. The first checkpoint applied must be a full
 * copy (there is nothing under the pages it leaves out). Takeover restores the
 * last applied checkpoint and drops a staged one.
 */
public final class Replica {
    private final VmDescriptor descriptor;
    private final GuestMemory applied;
    private long appliedEpoch;
    private long appliedSeq;
    private Message.Checkpoint staged;

    /** The checkpoint a takeover restored: its epoch and vmSeq, read under the same lock as its memory. */
    public record Restored(long epoch, long seq) {
    }

    public Replica(final VmDescriptor descriptor) {
        if (!descriptor.checkpointing()) {
            throw new IllegalArgumentException("VM " + descriptor.id() + " does not checkpoint: nothing to replicate");
        }
        this.descriptor = descriptor;
        this.applied = new GuestMemory(descriptor.memoryPages());
    }

    public VmDescriptor descriptor() {
        return descriptor;
    }

    /**
     * Checks a checkpoint and holds it for {@link #applyStaged}; on refusal nothing changes. A checkpoint that is a
     * view ({@link Message.Checkpoint#view}) must stay unchanged until it is applied or dropped.
     */
    public synchronized void stage(final Message.Checkpoint c) throws CheckpointRefused {
        if (!c.vm().equals(descriptor.id())) {
            throw new CheckpointRefused(CheckpointRefused.Reason.WRONG_VM, c.vm() + " sent to the replica of " + descriptor.id());
        }
        if (c.totalPages() != applied.pages()) {
            throw new CheckpointRefused(CheckpointRefused.Reason.SIZE_MISMATCH,
                    c.vm() + ": " + c.totalPages() + " pages, replica has " + applied.pages());
        }
        if (c.epoch() <= appliedEpoch) {
            throw new CheckpointRefused(CheckpointRefused.Reason.STALE_EPOCH,
                    c.vm() + ": epoch " + c.epoch() + ", already applied " + appliedEpoch);
        }
        if (appliedEpoch == 0 && c.pageIndex().length != c.totalPages()) {
            throw new CheckpointRefused(CheckpointRefused.Reason.NOT_A_FULL_COPY, c.vm() + " epoch " + c.epoch()
                    + ": the replica's first checkpoint carries " + c.pageIndex().length + " of " + c.totalPages() + " pages");
        }
        final long seqInMemory = c.pageCount() > 0 && c.pageIndex()[0] == 0
                ? c.pageData().getLong(VmLayout.VM_SEQ)
                : applied.getLong(VmLayout.VM_SEQ);
        if (seqInMemory != c.vmSeq()) {
            throw new CheckpointRefused(CheckpointRefused.Reason.HEADER_MISMATCH,
                    c.vm() + " epoch " + c.epoch() + ": header vmSeq " + c.vmSeq() + ", memory says " + seqInMemory);
        }
        staged = c;
    }

    /** Applies the staged checkpoint whole; returns its epoch (the one to acknowledge). */
    public synchronized long applyStaged() {
        if (staged == null) {
            throw new IllegalStateException(descriptor.id() + ": nothing staged");
        }
        applied.writePages(staged);
        appliedEpoch = staged.epoch();
        appliedSeq = staged.vmSeq();
        staged = null;
        return appliedEpoch;
    }

    /** Stage and apply in one call, as the live secondary does before it acknowledges. */
    public synchronized long apply(final Message.Checkpoint c) throws CheckpointRefused {
        stage(c);
        return applyStaged();
    }

    public synchronized long appliedEpoch() {
        return appliedEpoch;
    }

    public synchronized long appliedSeq() {
        return appliedSeq;
    }

    public synchronized boolean hasStaged() {
        return staged != null;
    }

    /**
     * The memory of the last applied checkpoint, copied into {@code target}; a staged checkpoint is discarded.
     * Returns which checkpoint that was: read apart, after the copy, a racing apply could already have moved on.
     */
    public synchronized Restored restoreInto(final GuestMemory target) {
        staged = null;
        target.copyFrom(applied);
        return new Restored(appliedEpoch, appliedSeq);
    }
}
