package dev.hac.host;

import java.nio.ByteBuffer;

/**
 * A deterministic guest program whose whole state lives in its VM's memory:
 * the same memory and the same inputs give the same outputs, which is what
 * makes a restored replica indistinguishable from the original.
 */
public interface GuestWorkload {

    /** Name used in configuration and HELLO ("kv", "bulk"). */
    String name();

    /** Lays out the initial state in fresh memory: both guests start from a zero cursor (the rest is zero already). */
    default void boot(final GuestMemory memory) {
        memory.putLong(VmLayout.WORKLOAD_CURSOR, 0);
    }

    /**
     * Runs the guest on one input and writes its output payload (a UDP datagram's
     * body) into {@code reply} from position 0; returns its length, or -1 when the
     * input produces no output. {@code request} is null for a workload that sends
     * on its own (the bulk sender).
     */
    int run(GuestMemory memory, ByteBuffer request, ByteBuffer reply);

    static GuestWorkload named(final String name, final int pages) {
        switch (name) {
            case KvService.NAME:
                return new KvService(pages);
            case BulkSender.NAME:
                return new BulkSender(pages, 1);
            default:
                throw new IllegalArgumentException("unknown workload '" + name + "' (kv or bulk)");
        }
    }
}
