package dev.hac.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.nic.FrameClassifier;
import dev.hac.nic.SubmitStatus;
import dev.hac.testkit.nic.EthernetFrames;
import dev.hac.testkit.nic.FrameKind;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReferenceFrameParserTest {

    private static final long MAC = EthernetFrames.macOf(0);

    @ParameterizedTest
    @EnumSource(RealFrames.Shape.class)
    void acceptsEveryRealFrameShapeAtJumboMtu(final RealFrames.Shape shape) {
        final byte[] f = RealFrames.of(shape, MAC);
        assertThat(ReferenceFrameParser.refusal(f, 0, f.length, 9000, MAC)).isZero();
    }

    @ParameterizedTest
    @EnumSource(FrameKind.class)
    void givesEachTestFrameKindTheVerdictTheEngineTestsExpect(final FrameKind kind) {
        for (final int length : new int[] {kind.minLength(1500), kind.maxLength(1500)}) {
            final byte[] f = EthernetFrames.of(kind, MAC, length, 1);
            final int verdict = ReferenceFrameParser.refusal(f, 0, f.length, 1500, MAC);
            assertThat(verdict == 0 ? FrameClassifier.VALID : verdict).as(kind + " length " + length).isEqualTo(kind.verdict());
        }
    }

    @Test
    void refusesWhatTheDocumentedRulesRefuse() {
        final byte[] jumbo = RealFrames.of(RealFrames.Shape.JUMBO_IPV4_UDP, MAC);
        assertThat(ReferenceFrameParser.refusal(jumbo, 0, jumbo.length, 1500, MAC)).isEqualTo(SubmitStatus.REFUSED_OVERSIZE);
        final byte[] qinq = RealFrames.of(RealFrames.Shape.VLAN_TAGGED_IPV4, MAC);
        qinq[12] = (byte) 0x88;
        qinq[13] = (byte) 0xa8;
        assertThat(ReferenceFrameParser.refusal(qinq, 0, qinq.length, 1500, MAC)).isEqualTo(SubmitStatus.REFUSED_BAD_TAG);
        final byte[] llc = RealFrames.of(RealFrames.Shape.LLC_8023, MAC);
        llc[13] = (byte) 47; // 802.3 length beyond the 46 payload bytes of a 60-byte frame
        assertThat(ReferenceFrameParser.refusal(llc, 0, llc.length, 1500, MAC)).isEqualTo(SubmitStatus.REFUSED_BAD_ETHERTYPE);
        assertThat(ReferenceFrameParser.refusal(llc, 1, llc.length, 1500, MAC)).isEqualTo(SubmitStatus.REFUSED_BAD_BOUNDS);
        assertThat(ReferenceFrameParser.refusal(llc, 0, llc.length, 1500, MAC + 1)).isEqualTo(SubmitStatus.REFUSED_BAD_ETHERTYPE);
    }

    @Test
    void seedFilesDecodeToTheirHeaderAndFrame() {
        final byte[] stream = FuzzTarget.seedStream("x.hex", "# comment\n00 01 00 00 003c # trailing\nff\n".getBytes());
        assertThat(HexFormat.of().formatHex(stream)).isEqualTo("0001000000" + "3c" + "ff");
    }
}
