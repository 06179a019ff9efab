/**
 * The live checkpoint replication protocol.
 *
 * <p>{@link dev.hac.replication.Link}: one authenticated TCP session (HELLO exchange, session key, reader and writer
 * threads). {@link dev.hac.replication.PrimaryNode} / {@link dev.hac.replication.PrimaryReplicator}: the primary's
 * epoch loop (interval, early checkpoint on the NIC's high-water signal, one checkpoint in flight per VM, abort on
 * timeout or link loss, reconnection, heartbeats, unprotected mode on secondary loss).
 * {@link dev.hac.replication.SecondaryNode}: apply-then-acknowledge, heartbeats, takeover when the primary is lost and
 * its service ports are free (the fence against a split brain on one machine).
 *
 * <p>Event log for trace validation ({@link dev.hac.replication.NdjsonEventLog}, {@code hac primary --event-log F}):
 * one JSON object per line in the format of {@link dev.hac.vocabulary.EventLogSchema}, where
 * {@code state} holds the 13 variables of docs/DESIGN.md §2 after the action, in the shape of
 * {@link dev.hac.host.AbstractState}.
 */
package dev.hac.replication;
