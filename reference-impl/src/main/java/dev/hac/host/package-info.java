/**
 * VMs and the HAC utility.
 *
 * <p>{@link dev.hac.host.Vm}: paged guest memory with dirty tracking ({@link dev.hac.host.GuestMemory}), a
 * deterministic guest ({@link dev.hac.host.KvService}, {@link dev.hac.host.BulkSender}) whose whole state, including
 * its frame count and an unsent frame, lives in that memory. {@link dev.hac.host.HacUtility} configures the NIC engine
 * from the VMs' descriptors and runs checkpoints (pause, seal, copy dirty pages, resume; commit on ack; abort; release
 * all on secondary loss). {@link dev.hac.host.Standby} holds the secondary's {@link dev.hac.host.Replica}s and performs
 * the takeover.
 *
 * <p>Two execution modes over these classes: {@link dev.hac.host.Lockstep} performs one abstract action of
 * docs/DESIGN.md §2 per call and observes the 13 abstract variables ({@link dev.hac.host.AbstractState}); live mode
 * runs them on a {@link dev.hac.host.HostLoop} (see {@code dev.hac.replication}).
 */
package dev.hac.host;
