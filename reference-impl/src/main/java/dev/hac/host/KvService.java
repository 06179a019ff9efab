package dev.hac.host;

import java.nio.ByteBuffer;

/**
 * A key-value and counter service kept in guest memory: an open-addressing hash
 * table of 32-byte slots (key, value, last request id, spare) from page 1 on.
 * Key 0 marks a free slot, so clients use keys >= 1.
 */
public final class KvService implements GuestWorkload {
    public static final String NAME = "kv";
    private static final int SLOT = 32;

    private final int slots;

    public KvService(final int pages) {
        if (pages < 2) {
            throw new IllegalArgumentException("kv needs at least 2 pages (header + table), got " + pages);
        }
        this.slots = (pages - 1) * GuestMemory.PAGE_SIZE / SLOT;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int run(final GuestMemory memory, final ByteBuffer request, final ByteBuffer reply) {
        if (request == null || request.remaining() < KvProtocol.SIZE) {
            return -1; // not a request of ours: ignored like any stray datagram
        }
        final int at = request.position();
        final byte op = request.get(at);
        final long key = request.getLong(at + 8);
        final long requestId = request.getLong(at + 16);
        final long argument = request.getLong(at + 24);
        if (key == 0 || (op != KvProtocol.GET && op != KvProtocol.PUT && op != KvProtocol.INCR)) {
            KvProtocol.reply(reply, op, KvProtocol.BAD_REQUEST, key, requestId, 0);
            return KvProtocol.SIZE;
        }
        final int slot = find(memory, key, op != KvProtocol.GET);
        if (slot < 0) {
            KvProtocol.reply(reply, op, op == KvProtocol.GET ? KvProtocol.OK : KvProtocol.TABLE_FULL, key, requestId, 0);
            return KvProtocol.SIZE;
        }
        final int base = VmLayout.WORKLOAD_AREA + slot * SLOT;
        long value = memory.getLong(base + 8);
        final long lastRequest = memory.getLong(base + 16);
        if (op != KvProtocol.GET && requestId != lastRequest) {
            value = op == KvProtocol.PUT ? argument : value + 1;
            memory.putLong(base + 8, value);
            memory.putLong(base + 16, requestId);
        }
        KvProtocol.reply(reply, op, KvProtocol.OK, key, requestId, value);
        return KvProtocol.SIZE;
    }

    /** The slot holding {@code key}; claims a free one when {@code create}; -1 when absent (or the table is full). */
    private int find(final GuestMemory memory, final long key, final boolean create) {
        int s = (int) Long.remainderUnsigned(key * 0x9E3779B97F4A7C15L, slots);
        for (int probes = 0; probes < slots; probes++) {
            final int base = VmLayout.WORKLOAD_AREA + s * SLOT;
            final long k = memory.getLong(base);
            if (k == key) {
                return s;
            }
            if (k == 0) {
                if (!create) {
                    return -1;
                }
                memory.putLong(base, key);
                memory.putLong(VmLayout.WORKLOAD_CURSOR, memory.getLong(VmLayout.WORKLOAD_CURSOR) + 1);
                return s;
            }
            s = s + 1 == slots ? 0 : s + 1;
        }
        return -1;
    }
}
