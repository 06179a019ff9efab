package dev.hac.host;

/**
 * Where a guest keeps its state in its own memory. Page 0 is the header every
 * workload shares; the rest belongs to the workload. Because {@code vmSeq} (the
 * number of frames the VM has emitted, the abstract {@code vmSeq[v]}) lives in
 * memory, restoring memory restores it: nothing about a VM lives outside it.
 */
final class VmLayout {
    /** u64: frames emitted so far. */
    static final int VM_SEQ = 0;
    /** u64: workload-private cursor (bulk sender's position, KV's entry count). */
    static final int WORKLOAD_CURSOR = 8;
    /** u64: length of the frame waiting in the TX slot, 0 when none (a stalled VM's unsent frame). */
    static final int TX_LENGTH = 16;
    /** The TX slot: one frame the guest has produced but its VF has not accepted yet. */
    static final int TX_FRAME = 24;
    static final int TX_CAPACITY = 2048;
    /** First byte of the workload's area (page 1). */
    static final int WORKLOAD_AREA = GuestMemory.PAGE_SIZE;

    private VmLayout() {
    }
}
