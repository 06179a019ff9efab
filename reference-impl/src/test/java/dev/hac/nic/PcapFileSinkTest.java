package dev.hac.nic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapFileSinkTest {

    @TempDir
    Path dir;

    @Test
    void writesAClassicPcapFileWithOneEthernetRecordPerTransmittedFrame() throws Exception {
        final Path file = dir.resolve("wire.pcap");
        final List<byte[]> sent = new ArrayList<>();
        try (PcapFileSink pcap = new PcapFileSink(file, 65535)) {
            final NicEngine e = new NicEngine(NicConfig.defaults(), pcap);
            e.configure(VfConfig.checkpointing(0, EthernetFrames.macOf(0), 100, 1 << 20, OverflowPolicy.BACKPRESSURE));
            e.configure(VfConfig.ordinary(1, EthernetFrames.macOf(1)));
            // Enough frames to flush the staging buffer several times.
            for (int i = 0; i < 3000; i++) {
                final int vf = i % 2;
                final byte[] f = EthernetFrames.of(FrameKind.VALID, EthernetFrames.macOf(vf), 60 + i % 1400, i);
                e.submit(vf, f, 0, f.length);
                if (vf == 0) {
                    e.commit(0, e.seal(0));
                }
                sent.add(f);
                e.transmit(1);
            }
            e.transmit(Integer.MAX_VALUE);
            assertThat(pcap.frames()).isEqualTo(3000);
        }
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt()).isEqualTo(0xa1b2c3d4);
        assertThat(b.getShort()).isEqualTo((short) 2);
        assertThat(b.getShort()).isEqualTo((short) 4);
        b.getInt();
        b.getInt();
        assertThat(b.getInt()).isEqualTo(65535);
        assertThat(b.getInt()).isEqualTo(PcapFileSink.LINKTYPE_ETHERNET);
        long lastMicros = 0;
        for (final byte[] expected : sent) {
            final long micros = (b.getInt() & 0xffffffffL) * 1_000_000 + b.getInt();
            assertThat(micros).isGreaterThanOrEqualTo(lastMicros);
            lastMicros = micros;
            assertThat(b.getInt()).isEqualTo(expected.length);
            assertThat(b.getInt()).isEqualTo(expected.length);
            final byte[] data = new byte[expected.length];
            b.get(data);
            assertThat(data).isEqualTo(expected);
        }
        assertThat(b.hasRemaining()).isFalse();
    }
}
