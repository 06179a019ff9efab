package dev.hac.nic;

/**
 * Counters of one transmit class. Accounting identity (checked by the tests):
 * {@code enqueued = transmitted + discarded + depthNow}.
 *
 * @param cls              the class
 * @param enqueued         frames that entered the queue (by release or directly)
 * @param transmitted      frames sent from it
 * @param transmittedBytes their bytes
 * @param discarded        frames that were waiting in it when the primary crashed ({@link NicEngine#discardAll})
 * @param depthNow         frames waiting now
 * @param depthHigh        largest depth seen
 */
public record ClassCounters(TrafficClass cls, long enqueued, long transmitted, long transmittedBytes,
                            long discarded, long depthNow, long depthHigh) {
}
