package dev.hac.nic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfigParsingTest {

    @Test
    void schedulerPoliciesParseFromTheirNames() {
        assertThat(SchedulerPolicy.parse("strict")).isEqualTo(SchedulerPolicy.STRICT);
        assertThat(SchedulerPolicy.parse("BOUNDED_BYPASS(4)")).isEqualTo(SchedulerPolicy.boundedBypass(4));
        assertThat(SchedulerPolicy.parse("bypass(1)").toString()).isEqualTo("BOUNDED_BYPASS(1)");
        assertThatThrownBy(() -> SchedulerPolicy.parse("bypass(0)")).hasMessageContaining("k >= 1");
        assertThatThrownBy(() -> SchedulerPolicy.parse("fifo")).hasMessageContaining("'fifo'");
    }

    @Test
    void macAddressesRoundTripAndBadTextIsNamed() {
        assertThat(MacAddress.format(MacAddress.parse("02:AB:cd:00:00:01"))).isEqualTo("02:ab:cd:00:00:01");
        assertThat(MacAddress.isUnicast(MacAddress.parse("ff:ff:ff:ff:ff:ff"))).isFalse();
        assertThat(MacAddress.isUnicast(MacAddress.parse("01:00:5e:00:00:01"))).isFalse();
        assertThat(MacAddress.isUnicast(0)).isFalse();
        assertThatThrownBy(() -> MacAddress.parse("02:00:00:00:00")).hasMessageContaining("'02:00:00:00:00'");
        assertThatThrownBy(() -> MacAddress.parse("02:00:00:00:00:zz")).hasMessageContaining("'zz'");
    }

    @Test
    void configurationsRejectImpossibleValuesNamingTheField() {
        assertThatThrownBy(() -> NicConfig.defaults().withRingSize(1000)).hasMessageContaining("ringSize");
        assertThatThrownBy(() -> NicConfig.defaults().withSlabBytesPerVf(1024)).hasMessageContaining("slabBytesPerVf");
        assertThatThrownBy(() -> VfConfig.ordinary(0, MacAddress.parse("01:00:00:00:00:01")))
                .hasMessageContaining("not a unicast");
        assertThatThrownBy(() -> VfConfig.checkpointing(0, 2, 4, 100, OverflowPolicy.DROP).withHighWater(5, 10))
                .hasMessageContaining("high-water");
    }

    @Test
    void everyNicLimitIsInclusiveAndOnePastItIsRefusedNamingTheField() {
        final NicConfig d = new NicConfig(1, 2, 2048, 1500, SchedulerPolicy.STRICT, true);
        assertThat(d.withMaxVfs(4096).withRingSize(4096).maxVfs()).isEqualTo(4096);
        assertThatThrownBy(() -> d.withMaxVfs(0)).hasMessageContaining("maxVfs");
        assertThatThrownBy(() -> d.withMaxVfs(4097)).hasMessageContaining("maxVfs");
        assertThat(d.withRingSize(1 << 24).ringSize()).isEqualTo(1 << 24);
        assertThatThrownBy(() -> d.withRingSize(1)).hasMessageContaining("ringSize");
        assertThatThrownBy(() -> d.withRingSize(1 << 25)).hasMessageContaining("ringSize");
        assertThat(d.withMtu(68).withSlabBytesPerVf(16384).withMtu(9216).mtu()).isEqualTo(9216);
        assertThatThrownBy(() -> d.withMtu(67)).hasMessageContaining("mtu");
        assertThatThrownBy(() -> d.withMtu(9217)).hasMessageContaining("mtu");
        assertThat(d.withMtu(2030).maxFrameLength()).as("2030 + 18 fills a 2048-byte share").isEqualTo(2048);
        assertThatThrownBy(() -> d.withMtu(2031)).hasMessageContaining("slabBytesPerVf");
        assertThat(d.withMaxVfs(16).withRingSize(1 << 20).ringSize()).as("16 x 2^20 = 2^24 descriptors").isEqualTo(1 << 20);
        assertThatThrownBy(() -> d.withMaxVfs(17).withRingSize(1 << 20)).hasMessageContaining("maxVfs * ringSize");
        assertThat(d.withMaxVfs(16).withSlabBytesPerVf(1 << 26).slabBytesPerVf()).as("16 x 64 MiB = 1 GiB").isEqualTo(1 << 26);
        assertThatThrownBy(() -> d.withMaxVfs(32).withSlabBytesPerVf(1 << 26)).hasMessageContaining("slabBytesPerVf <= 1 GiB");
        assertThat(d.withPolicy(SchedulerPolicy.boundedBypass(1)).policy()).isEqualTo(SchedulerPolicy.boundedBypass(1));
        assertThatThrownBy(() -> SchedulerPolicy.boundedBypass(0)).hasMessageContaining("k >= 1");
        assertThatThrownBy(() -> new SchedulerPolicy(SchedulerPolicy.Kind.STRICT, 1)).hasMessageContaining("no k");
    }

    @Test
    void theDefaultHighWaterMarkIsThreeQuartersOfTheLimitsAndFollowsNewLimits() {
        final VfConfig c = VfConfig.checkpointing(0, 2, 8, 1000, OverflowPolicy.EARLY_CHECKPOINT);
        assertThat(c.highWaterFrames()).isEqualTo(6);
        assertThat(c.highWaterBytes()).isEqualTo(750);
        final VfConfig wider = c.withLimits(16, 4000);
        assertThat(wider.maxFrames()).isEqualTo(16);
        assertThat(wider.highWaterFrames()).isEqualTo(12);
        assertThat(wider.highWaterBytes()).isEqualTo(3000);
        assertThat(VfConfig.checkpointing(0, 2, 1, 1, OverflowPolicy.EARLY_CHECKPOINT).highWaterFrames()).isEqualTo(1);
    }
}
