package dev.hac.nic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.testkit.nic.EthernetFrames;
import dev.hac.testkit.nic.FrameKind;
import org.junit.jupiter.api.Test;

class FrameClassifierTest {

    private static final long MAC = EthernetFrames.macOf(0);

    private static int classify(final byte[] f) {
        return FrameClassifier.classify(f, 0, f.length, 1500);
    }

    private static byte[] withType(final int length, final int... typeAndTag) {
        final byte[] f = EthernetFrames.valid(MAC, length);
        for (int i = 0; i < typeAndTag.length; i++) {
            f[12 + 2 * i] = (byte) (typeAndTag[i] >> 8);
            f[13 + 2 * i] = (byte) typeAndTag[i];
        }
        return f;
    }

    @Test
    void acceptsMinimalAndMaximalUntaggedFrames() {
        assertThat(classify(EthernetFrames.valid(MAC, 60))).isEqualTo(FrameClassifier.VALID);
        assertThat(classify(EthernetFrames.valid(MAC, 1514))).isEqualTo(FrameClassifier.VALID);
    }

    @Test
    void refusesRuntsBelowSixtyBytesIncludingHeaderlessOnes() {
        assertThat(classify(EthernetFrames.valid(MAC, 59))).isEqualTo(SubmitStatus.REFUSED_RUNT);
        assertThat(classify(new byte[0])).isEqualTo(SubmitStatus.REFUSED_RUNT);
        assertThat(classify(new byte[13])).isEqualTo(SubmitStatus.REFUSED_RUNT);
    }

    @Test
    void aTagAllowsFourMoreBytesAndNoMore() {
        assertThat(classify(EthernetFrames.valid(MAC, 1515))).isEqualTo(SubmitStatus.REFUSED_OVERSIZE);
        assertThat(classify(EthernetFrames.of(FrameKind.TAGGED, MAC, 1518, 0))).isEqualTo(FrameClassifier.VALID);
        assertThat(classify(EthernetFrames.of(FrameKind.TAGGED, MAC, 1519, 0))).isEqualTo(SubmitStatus.REFUSED_OVERSIZE);
    }

    @Test
    void refusesReservedVlanIdStackedTagsAndServiceTags() {
        assertThat(classify(EthernetFrames.of(FrameKind.BAD_TAG, MAC, 64, 0))).isEqualTo(SubmitStatus.REFUSED_BAD_TAG);
        assertThat(classify(withType(64, 0x8100, 0x0001, 0x8100))).isEqualTo(SubmitStatus.REFUSED_BAD_TAG);
        assertThat(classify(withType(64, 0x8100, 0x0001, 0x88a8))).isEqualTo(SubmitStatus.REFUSED_BAD_TAG);
        assertThat(classify(withType(64, 0x88a8))).isEqualTo(SubmitStatus.REFUSED_BAD_TAG);
        assertThat(classify(withType(64, 0x8100, 0x0ffe, 0x86dd))).isEqualTo(FrameClassifier.VALID);
    }

    @Test
    void acceptsAnIeee8023LengthFieldThatFitsAndRefusesTheUndefinedRange() {
        assertThat(classify(withType(64, 46))).isEqualTo(FrameClassifier.VALID);
        assertThat(classify(withType(64, 10))).as("padding after a short payload").isEqualTo(FrameClassifier.VALID);
        assertThat(classify(withType(64, 51))).as("length beyond the frame").isEqualTo(SubmitStatus.REFUSED_BAD_ETHERTYPE);
        assertThat(classify(withType(1514, 0x05dc))).as("1500, the largest length").isEqualTo(FrameClassifier.VALID);
        assertThat(classify(withType(1514, 0x05dd))).isEqualTo(SubmitStatus.REFUSED_BAD_ETHERTYPE);
        assertThat(classify(withType(64, 0x05ff))).isEqualTo(SubmitStatus.REFUSED_BAD_ETHERTYPE);
        assertThat(classify(withType(64, 0x0600))).isEqualTo(FrameClassifier.VALID);
    }

    @Test
    void an8023LengthMayFillTheFrameExactlyAfterAnUntaggedOrATaggedHeader() {
        assertThat(classify(withType(60, 46))).as("14 + 46 = 60").isEqualTo(FrameClassifier.VALID);
        assertThat(classify(withType(60, 47))).isEqualTo(SubmitStatus.REFUSED_BAD_ETHERTYPE);
        assertThat(classify(withType(64, 0x8100, 0x0001, 46))).as("18 + 46 = 64").isEqualTo(FrameClassifier.VALID);
        assertThat(classify(withType(64, 0x8100, 0x0001, 47))).as("the tag's 4 bytes are header, not payload")
                .isEqualTo(SubmitStatus.REFUSED_BAD_ETHERTYPE);
    }

    @Test
    void readsTheSourceMacAtAnOffset() {
        final byte[] f = new byte[80];
        System.arraycopy(EthernetFrames.valid(MAC, 64), 0, f, 16, 64);
        assertThat(FrameClassifier.sourceMac(f, 16)).isEqualTo(MAC);
    }
}
