package dev.hac.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.nic.SubmitStatus;
import dev.hac.wire.UdpFrame;
import dev.hac.wire.VmDescriptor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmTest {
    private static final VmDescriptor KV = new VmDescriptor("c1", 0x020000000001L, true, 4, "kv", 40001);

    private final List<byte[]> sent = new ArrayList<>();
    private int answer = SubmitStatus.BUFFERED;
    private final Vm.Port port = (f, o, l) -> {
        if (SubmitStatus.accepted(answer)) {
            sent.add(java.util.Arrays.copyOfRange(f, o, o + l));
        }
        return answer;
    };

    private static ByteBuffer incr(final long key, final long requestId) {
        final ByteBuffer b = ByteBuffer.allocate(KvProtocol.SIZE);
        KvProtocol.request(b, KvProtocol.INCR, key, requestId, 0);
        return b;
    }

    private KvProtocol.Reply lastReply() {
        final byte[] f = sent.get(sent.size() - 1);
        assertThat(UdpFrame.isUdp(f, 0, f.length)).isTrue();
        assertThat(UdpFrame.dstPort(f, 0)).isEqualTo(5555);
        return KvProtocol.Reply.read(ByteBuffer.wrap(f, UdpFrame.PAYLOAD_AT, UdpFrame.payloadLength(f, 0)));
    }

    @Test
    void countsPerKeyAndAnswersARetriedRequestWithoutApplyingItTwice() {
        final Vm vm = Vm.boot(KV);
        assertThat(vm.deliver(incr(7, 1), Vm.LOOPBACK, 5555, port)).isEqualTo(Vm.Step.SENT);
        assertThat(lastReply().value()).isEqualTo(1);
        vm.deliver(incr(7, 2), Vm.LOOPBACK, 5555, port);
        vm.deliver(incr(7, 2), Vm.LOOPBACK, 5555, port);
        assertThat(lastReply().value()).isEqualTo(2);
        vm.deliver(incr(8, 1), Vm.LOOPBACK, 5555, port);
        assertThat(lastReply().value()).isEqualTo(1);
        assertThat(vm.vmSeq()).isEqualTo(4);
    }

    @Test
    void aRefusedFrameStaysInGuestMemoryAndGoesOutOnRetry() {
        final Vm vm = Vm.boot(KV);
        answer = SubmitStatus.BACKPRESSURE;
        assertThat(vm.deliver(incr(7, 1), Vm.LOOPBACK, 5555, port)).isEqualTo(Vm.Step.STALLED);
        assertThat(vm.stalled()).isTrue();
        assertThat(vm.vmSeq()).isZero();
        // The unsent frame is VM state: a copy of the memory carries it.
        final Replica replica = new Replica(KV);
        final StagingArea s = new StagingArea(4);
        vm.memory().drainDirtyInto(s);
        try {
            replica.apply(s.toCheckpoint("c1", 1, 0, 4));
        } catch (CheckpointRefused e) {
            throw new AssertionError(e);
        }
        final GuestMemory copy = new GuestMemory(4);
        replica.restoreInto(copy);
        final Vm restored = Vm.resume(KV, copy);
        assertThat(restored.stalled()).isTrue();
        answer = SubmitStatus.QUEUED;
        assertThat(restored.flush(port)).isEqualTo(Vm.Step.SENT);
        assertThat(restored.vmSeq()).isEqualTo(1);
        assertThat(lastReply().value()).isEqualTo(1);
    }

    @Test
    void aDroppedFrameConsumesItsSequenceNumber() {
        final Vm vm = Vm.boot(KV);
        answer = SubmitStatus.DROPPED;
        assertThat(vm.deliver(incr(7, 1), Vm.LOOPBACK, 5555, port)).isEqualTo(Vm.Step.DROPPED);
        assertThat(vm.vmSeq()).isEqualTo(1);
        assertThat(vm.stalled()).isFalse();
    }
}
