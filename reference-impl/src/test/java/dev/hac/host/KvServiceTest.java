package dev.hac.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The kv guest's table in guest memory: a 2-page VM has one table page, 128 slots of 32 bytes. */
class KvServiceTest {
    private static final int SLOTS = 4096 / 32;

    private final GuestMemory memory = new GuestMemory(2);
    private final KvService kv = new KvService(2);
    private final ByteBuffer reply = ByteBuffer.allocate(KvProtocol.SIZE);
    private long requestId;

    private KvProtocol.Reply call(final byte op, final long key, final long argument) {
        final ByteBuffer request = ByteBuffer.allocate(KvProtocol.SIZE);
        KvProtocol.request(request, op, key, ++requestId, argument);
        assertThat(kv.run(memory, request, reply)).isEqualTo(KvProtocol.SIZE);
        reply.flip();
        return KvProtocol.Reply.read(reply);
    }

    @Test
    void putGetAndIncrementKeepOneValuePerKeyThroughCollisions() {
        for (long key = 1; key <= SLOTS; key++) {
            assertThat(call(KvProtocol.PUT, key, key * 10).status()).isEqualTo(KvProtocol.OK);
        }
        for (long key = 1; key <= SLOTS; key++) {
            assertThat(call(KvProtocol.INCR, key, 0).value()).as("key " + key).isEqualTo(key * 10 + 1);
            assertThat(call(KvProtocol.GET, key, 0).value()).as("key " + key).isEqualTo(key * 10 + 1);
        }
        assertThat(memory.getLong(VmLayout.WORKLOAD_CURSOR)).as("keys stored").isEqualTo(SLOTS);
    }

    @Test
    void aFullTableRefusesANewKeyButStillFindsEveryOldOneAndAnswersAnAbsentGetWithZero() {
        for (long key = 1; key <= SLOTS; key++) {
            call(KvProtocol.INCR, key, 0);
        }
        final KvProtocol.Reply refused = call(KvProtocol.INCR, SLOTS + 1, 0);
        assertThat(refused.status()).isEqualTo(KvProtocol.TABLE_FULL);
        assertThat(refused.value()).isZero();
        final KvProtocol.Reply absent = call(KvProtocol.GET, SLOTS + 1, 0);
        assertThat(absent.status()).isEqualTo(KvProtocol.OK);
        assertThat(absent.value()).isZero();
        assertThat(call(KvProtocol.GET, SLOTS, 0).value()).isEqualTo(1);
    }

    @Test
    void aGetCreatesNothingAndAnAbsentKeyReadsAsZero() {
        assertThat(call(KvProtocol.GET, 42, 0).value()).isZero();
        assertThat(memory.getLong(VmLayout.WORKLOAD_CURSOR)).isZero();
        assertThat(call(KvProtocol.INCR, 42, 0).value()).isEqualTo(1);
    }

    @Test
    void keyZeroAnUnknownOperationAndAShortRequestAreNotApplied() {
        final KvProtocol.Reply zero = call(KvProtocol.INCR, 0, 0);
        assertThat(zero.status()).isEqualTo(KvProtocol.BAD_REQUEST);
        assertThat(call((byte) 9, 7, 0).status()).isEqualTo(KvProtocol.BAD_REQUEST);
        assertThat(memory.getLong(VmLayout.WORKLOAD_CURSOR)).as("nothing stored").isZero();
        assertThat(kv.run(memory, ByteBuffer.allocate(KvProtocol.SIZE - 1), reply)).isEqualTo(-1);
        assertThat(kv.run(memory, null, reply)).isEqualTo(-1);
    }

    @Test
    void aTableNeedsAPageBesidesTheHeader() {
        assertThatThrownBy(() -> new KvService(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 pages");
        assertThat(kv.name()).isEqualTo(KvService.NAME);
    }
}
