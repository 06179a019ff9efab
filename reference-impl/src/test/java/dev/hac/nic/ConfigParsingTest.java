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
}
