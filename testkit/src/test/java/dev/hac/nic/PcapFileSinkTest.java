package dev.hac.nic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hac.testkit.nic.EthernetFrames;
import dev.hac.testkit.nic.FrameKind;
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

    @Test
    void framesLongerThanTheSnapLengthAreCutButKeepTheirOriginalLength() throws Exception {
        final Path file = dir.resolve("snap.pcap");
        final byte[] frame = EthernetFrames.valid(EthernetFrames.macOf(0), 200);
        try (PcapFileSink pcap = new PcapFileSink(file, 100)) {
            pcap.onFrame(0, 1, TrafficClass.HIGH, frame, 0, frame.length);
        }
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        b.position(PcapFileSink.GLOBAL_HEADER + 8);
        assertThat(b.getInt()).isEqualTo(100);
        assertThat(b.getInt()).isEqualTo(200);
        assertThat(b.remaining()).isEqualTo(100);
    }

    @Test
    void recordsAreStampedWithTheWallClockInSecondsAndMicroseconds() throws Exception {
        final Path file = dir.resolve("time.pcap");
        final byte[] frame = EthernetFrames.valid(EthernetFrames.macOf(0), 100);
        final long before = System.currentTimeMillis();
        try (PcapFileSink pcap = new PcapFileSink(file, 100)) {
            pcap.onFrame(0, 1, TrafficClass.HIGH, frame, 0, frame.length);
        }
        final long after = System.currentTimeMillis();
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        b.position(PcapFileSink.GLOBAL_HEADER);
        final long seconds = b.getInt() & 0xffffffffL;
        final int micros = b.getInt();
        assertThat(micros).isBetween(0, 999_999);
        assertThat(seconds * 1000 + micros / 1000).isBetween(before - 1000, after + 1000);
        assertThat(b.getInt()).as("a frame exactly the snap length is whole").isEqualTo(100);
    }

    @Test
    void theSnapLengthMustFitTheStagingBuffer() throws Exception {
        new PcapFileSink(dir.resolve("one.pcap"), 1).close();
        new PcapFileSink(dir.resolve("max.pcap"), (1 << 20) - PcapFileSink.RECORD_HEADER).close();
        assertThatThrownBy(() -> new PcapFileSink(dir.resolve("a.pcap"), 0)).hasMessageContaining("snapLength must be 1..");
        assertThatThrownBy(() -> new PcapFileSink(dir.resolve("b.pcap"), (1 << 20) - PcapFileSink.RECORD_HEADER + 1))
                .hasMessageContaining("snapLength must be 1..");
    }
}
