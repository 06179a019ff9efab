package dev.hac.nic;

import dev.hac.testkit.nic.EthernetFrames;
import dev.hac.testkit.nic.FrameKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wireshark's own reader on a capture from the real engine and sink. CI does not install tshark (a large package
 * for one check; {@link PcapngFileSinkTest} parses the format independently), so there the test is skipped.
 */
class PcapngTsharkIT {

    @Test
    void tsharkReadsEveryFrameWithItsInterfaceAndComment(@TempDir final Path dir) throws Exception {
        assumeTrue(onPath("tshark"), "tshark is not on the PATH (Debian: apt-get install tshark); "
                + "PcapngFileSinkTest checks the format without it");
        final Path file = dir.resolve("wire.pcapng");
        try (PcapngFileSink pcap = PcapngFileSink.open(file)) {
            PcapngFileSinkTest.runEngine(pcap, new long[2], new long[2]);
        }
        final Process p = new ProcessBuilder("tshark", "-r", file.toString(), "-T", "fields",
                "-e", "frame.interface_name", "-e", "frame.comment", "-e", "eth.src")
                .redirectError(dir.resolve("tshark.err").toFile()).start();
        final List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("tshark.err"))).isZero();
        assertThat(lines).hasSize(12);
        assertThat(lines.get(0)).startsWith("ordinary\tvm 1 vf 1 seq 1 class ordinary epoch 0 ");
        assertThat(lines.get(3)).startsWith("checkpointed\tvm c1 vf 0 seq 1 class checkpointed epoch ")
                .endsWith("\t" + mac(EthernetFrames.macOf(0)));
    }

    private static String mac(final long mac) {
        final StringBuilder s = new StringBuilder();
        for (int shift = 40; shift >= 0; shift -= 8) {
            s.append(String.format(shift == 40 ? "%02x" : ":%02x", (mac >>> shift) & 0xff));
        }
        return s.toString();
    }

    private static boolean onPath(final String tool) {
        for (final String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
