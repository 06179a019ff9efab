package dev.hac.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VmSpecsTest {

    @Test
    void aSixthFieldChoosesTheVmsCheckpointTriggerAndVmsWithoutOneAreLeftToTheDefault() {
        final List<String> specs = List.of("c1:kv:7501:ckpt:4:timer", "c2:kv:7502:ckpt:64:output", "c3:kv:7503");
        assertThat(VmSpecs.parse(specs)).hasSize(3);
        assertThat(VmSpecs.triggers(specs)).isEqualTo(Map.of("c1", CheckpointTrigger.TIMER, "c2", CheckpointTrigger.OUTPUT));
    }

    @Test
    void anUnknownTriggerIsRefusedNamingTheSpecAndTheField() {
        assertThatThrownBy(() -> VmSpecs.parse(List.of("c1:kv:7501:ckpt:4:often")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("c1:kv:7501:ckpt:4:often").hasMessageContaining("sixth field 'often'");
        assertThatThrownBy(() -> VmSpecs.triggers(List.of("c1:kv:7501:ckpt:4:output:x")))
                .hasMessageContaining("expected id:workload:port[:ckpt|plain][:MiB][:timer|output]");
    }
}
