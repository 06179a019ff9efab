package dev.hac.nic;

import dev.hac.testkit.nic.EthernetFrames;
import dev.hac.testkit.nic.FrameKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapngFileSinkTest {

    private static final Pattern COMMENT = Pattern.compile("vm (\\S+) vf (\\d+) seq (\\d+) class (checkpointed|ordinary) "
            + "epoch (\\d+) submitted (\\d+)\\.(\\d{9}) left (\\d+)\\.(\\d{9}) held_us (\\d+)");

    @TempDir
    Path dir;

    /** Buffered frames of a checkpointing VM and direct frames of an ordinary one, through the real engine. */
    static List<byte[]> runEngine(final PcapngFileSink pcap, final long[] commitWallMillis, final long[] epochs) {
        final NicEngine e = new NicEngine(NicConfig.defaults(), pcap);
        e.configure(VfConfig.checkpointing(0, EthernetFrames.macOf(0), 100, 1 << 20, OverflowPolicy.BACKPRESSURE));
        e.configure(VfConfig.ordinary(1, EthernetFrames.macOf(1)));
        pcap.nameVm(0, "c1");
        final List<byte[]> sent = new ArrayList<>();
        for (int round = 0; round < epochs.length; round++) {
            epochs[round] = e.openEpoch(0);
            for (int i = 0; i < 3; i++) {
                final byte[] held = EthernetFrames.of(FrameKind.VALID, EthernetFrames.macOf(0), 60 + 7 * i, i);
                e.submit(0, held, 0, held.length);
                final byte[] direct = EthernetFrames.of(FrameKind.VALID, EthernetFrames.macOf(1), 61 + 5 * i, i);
                e.submit(1, direct, 0, direct.length);
                sent.add(direct);
            }
            // Only the ordinary VM's frames may leave before the commit.
            assertThat(e.transmit(Integer.MAX_VALUE)).isEqualTo(3);
            final long sealed = e.seal(0);
            commitWallMillis[round] = System.currentTimeMillis();
            e.commit(0, sealed);
            assertThat(e.transmit(Integer.MAX_VALUE)).isEqualTo(3);
        }
        return sent;
    }

    @Test
    void eachFrameIsAnEnhancedPacketOnItsClassInterfaceWithACommentSayingWhatWasHeldAndWhenItLeft() throws Exception {
        final Path file = dir.resolve("wire.pcapng");
        final long[] commitWallMillis = new long[4];
        final long[] epochs = new long[4];
        try (PcapngFileSink pcap = new PcapngFileSink(file, 65535, 5)) {
            runEngine(pcap, commitWallMillis, epochs);
            assertThat(pcap.frames()).isEqualTo(24);
            assertThat(pcap.dropped()).isZero();
        }
        final PcapngReader r = PcapngReader.read(Files.readAllBytes(file));
        assertThat(r.interfaces).containsExactly(
                new PcapngReader.Interface(1, 65535, "checkpointed", 9),
                new PcapngReader.Interface(1, 65535, "ordinary", 9));
        assertThat(r.packets).hasSize(24);
        final Map<String, Long> lastSeq = new HashMap<>();
        long lastTimestamp = 0;
        for (int i = 0; i < r.packets.size(); i++) {
            final PcapngReader.Packet p = r.packets.get(i);
            final int round = i / 6;
            final boolean held = i % 6 >= 3;
            assertThat(p.comments()).hasSize(1);
            final Matcher m = COMMENT.matcher(p.comments().get(0));
            assertThat(m.matches()).as(p.comments().get(0)).isTrue();
            assertThat(p.interfaceId()).isEqualTo(held ? 0 : 1);
            assertThat(m.group(1)).isEqualTo(held ? "c1" : "1");
            assertThat(m.group(4)).isEqualTo(held ? "checkpointed" : "ordinary");
            assertThat(Long.parseLong(m.group(5))).isEqualTo(held ? epochs[round] : 0);
            assertThat(Long.parseLong(m.group(3))).isEqualTo(lastSeq.merge(m.group(2), 1L, Long::sum));
            final long submitted = Long.parseLong(m.group(6)) * 1_000_000_000 + Long.parseLong(m.group(7));
            final long left = Long.parseLong(m.group(8)) * 1_000_000_000 + Long.parseLong(m.group(9));
            // The comment's departure is the block's timestamp (nanoseconds, if_tsresol 9), in file order.
            assertThat(left).isEqualTo(p.timestamp()).isGreaterThanOrEqualTo(lastTimestamp);
            lastTimestamp = left;
            assertThat(submitted).isLessThanOrEqualTo(left);
            assertThat(Long.parseLong(m.group(10))).isEqualTo((left - submitted) / 1_000);
            if (held) {
                // Left after the commit (the sink's clock may trail the wall clock by under a millisecond).
                assertThat(left).isGreaterThanOrEqualTo((commitWallMillis[round] - 1) * 1_000_000);
            }
            assertThat(p.originalLength()).isEqualTo(p.capturedLength()).isEqualTo(p.data().length);
            assertThat(FrameClassifier.sourceMac(p.data(), 0)).isEqualTo(EthernetFrames.macOf(held ? 0 : 1));
        }
    }

    @Test
    void framesBeyondASnapLengthAreCutAndPaddedToFourBytes() throws Exception {
        final Path file = dir.resolve("snap.pcapng");
        final byte[] frame = EthernetFrames.of(FrameKind.VALID, EthernetFrames.macOf(0), 200, 1);
        try (PcapngFileSink pcap = new PcapngFileSink(file, 99, 5)) {
            pcap.onFrame(0, 1, TrafficClass.NORMAL, frame, 0, frame.length);
        }
        final PcapngReader.Packet p = PcapngReader.read(Files.readAllBytes(file)).packets.get(0);
        assertThat(p.capturedLength()).isEqualTo(99);
        assertThat(p.originalLength()).isEqualTo(200);
        assertThat(p.data()).isEqualTo(java.util.Arrays.copyOf(frame, 99));
    }

    @Test
    void aFrameThatFindsTheBufferFullIsLeftOutAndCountedNotWaitedFor() throws Exception {
        final Path file = dir.resolve("full.pcapng");
        final byte[] frame = EthernetFrames.of(FrameKind.VALID, EthernetFrames.macOf(0), 1500, 1);
        final int offered = 2000; // about 3.5 MB against a 1 MiB buffer the writer (hourly) does not empty meanwhile
        final long frames;
        try (PcapngFileSink pcap = new PcapngFileSink(file, 65535, 3_600_000)) {
            for (int i = 1; i <= offered; i++) {
                pcap.onFrame(0, i, TrafficClass.HIGH, 7, System.nanoTime(), frame, 0, frame.length);
            }
            frames = pcap.frames();
            assertThat(pcap.dropped()).isPositive().isEqualTo(offered - frames);
        }
        assertThat(PcapngReader.read(Files.readAllBytes(file)).packets).hasSize((int) frames);
    }

    @Test
    void anUnwritableFileIsRefusedNamingIt() {
        final Path file = dir.resolve("no-such-dir").resolve("wire.pcapng");
        assertThatThrownBy(() -> PcapngFileSink.open(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString());
    }
}
