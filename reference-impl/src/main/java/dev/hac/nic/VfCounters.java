package dev.hac.nic;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of one VF at the time of {@link NicEngine#counters()}.
 *
 * <p>Accounting identity (checked by the tests): every sequence number the engine handed out since the VF was
 * configured (or since {@link NicEngine#setLastSequence}) is in exactly one place:
 * {@code consumed = bufferedNow + queuedNow + transmitted + dropped + discarded}.
 *
 * @param vf                  VF index
 * @param submitted           every call of submit on this VF, whatever its outcome
 * @param buffered            frames accepted into an epoch buffer
 * @param queuedDirect        frames accepted straight into a transmit queue
 * @param released            buffered frames moved to the high class by commits or release-all
 * @param transmitted         frames handed to the sink
 * @param transmittedBytes    their bytes
 * @param consumed            sequence numbers consumed (accepted + dropped)
 * @param bufferedNow         frames in epoch buffers now (the model's {@code Len(buf[v])})
 * @param bufferedBytesNow    their bytes
 * @param queuedNow           frames waiting in a transmit queue now
 * @param occupancyHighFrames largest {@code bufferedNow} seen
 * @param occupancyHighBytes  largest {@code bufferedBytesNow} seen
 * @param byReason            drops, refusals and discards by reason (all reasons present, zeros included)
 */
public record VfCounters(int vf, long submitted, long buffered, long queuedDirect, long released,
                         long transmitted, long transmittedBytes, long consumed,
                         int bufferedNow, long bufferedBytesNow, int queuedNow,
                         int occupancyHighFrames, long occupancyHighBytes, Map<Reason, Long> byReason) {

    public VfCounters {
        byReason = Collections.unmodifiableMap(new EnumMap<>(byReason));
    }

    /** The count for one reason. */
    public long count(final Reason reason) {
        return byReason.getOrDefault(reason, 0L);
    }
}
