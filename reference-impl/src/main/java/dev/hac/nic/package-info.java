/**
 * The NIC buffer engine: classifier, epoch buffers, release, scheduler, limits, counters (docs/DESIGN.md R1-R3, R5,
 * R6, R8, R9). Knows nothing of hosts or replication: the HAC utility drives it through {@link
 * dev.hac.nic.NicEngine}.
 *
 * <h2>Using it</h2>
 * <pre>{@code
 * NicEngine nic = new NicEngine(NicConfig.defaults(), new PcapFileSink(path, 65535));
 * nic.configure(VfConfig.checkpointing(0, MacAddress.parse("02:00:00:00:00:01"), 4096, 4 << 20,
 *         OverflowPolicy.EARLY_CHECKPOINT));
 * nic.configure(VfConfig.ordinary(1, MacAddress.parse("02:00:00:00:00:02")));
 * int status = nic.submit(0, frame, 0, frame.length);   // SubmitStatus.BUFFERED
 * long epoch = nic.seal(0);                             // checkpoint of VM 0 starts
 * nic.commit(0, epoch);                                 // ...and is acknowledged: release
 * nic.transmit(64);                                     // released frames first
 * }</pre>
 *
 * <h2>Decisions</h2>
 * <ul>
 * <li>Reconfiguring a VF that holds frames is refused ({@link dev.hac.nic.ConfigResult#REFUSED_BUSY}) rather than
 *     deferred to the next epoch: held frames stay accounted against the class and limits they were admitted
 *     under, the limit invariant holds at every instant, and there is no pending-configuration state to get
 *     wrong. The host already pauses a VM at each checkpoint, so it has quiet points to reconfigure at.</li>
 * <li>Limits bound epoch buffers only (the model's {@code Len(buf[v]) <= Cap}). Frames already released wait in
 *     the VF's ring until the link takes them; when the ring or slab share is full of them, submit says
 *     {@link dev.hac.nic.SubmitStatus#RING_FULL} (a condition the abstract model does not have).</li>
 * <li>Control-plane misuse (seal of an ordinary VF, commit of an unsealed epoch, a release order that is not a
 *     permutation) throws and changes nothing; traffic never throws.</li>
 * <li>Single-threaded: one thread calls every method; nothing is volatile and nothing needs to be.</li>
 * </ul>
 */
package dev.hac.nic;
