package dev.hac.nic;

/**
 * Counters of one transmit class.
 *
 * @param cls              the class
 * @param enqueued         frames that entered the queue (by release or directly)
 * @param transmitted      frames sent from it
 * @param transmittedBytes their bytes
 * @param depthNow         frames waiting now
 * @param depthHigh        largest depth seen
 */
public record ClassCounters(TrafficClass cls, long enqueued, long transmitted, long transmittedBytes,
                            long depthNow, long depthHigh) {
}
