package dev.hac.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.nic.NicConfig;
import dev.hac.nic.NicEngine;
import dev.hac.wire.VmDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandbyTest {
    private static final VmDescriptor C1 = new VmDescriptor("c1", 0x020000000001L, true, 8, "kv", 0);

    @Test
    void aTakeoverResumesEachVmAtItsCommittedSequenceAndTheEpochAfterItsCheckpoint() throws Exception {
        final Standby standby = new Standby(List.of(C1));
        standby.apply(ReplicaTest.checkpoint(1, 0, 7, true));
        standby.apply(ReplicaTest.checkpoint(4, 9, 7, false));
        final NicEngine engine = Standby.failoverEngine(NicConfig.defaults(), (vf, seq, cls, b, off, len) -> { });
        final Standby.Restored r = standby.takeover(engine, BufferLimits.defaults());
        final int vf = r.utility().vf("c1");
        // As the model's SecondaryTakeover: vmSeq' = committed.seq, epoch' = committed.epoch + 1, so that a host
        // joining this one later reads the same numbering the first primary used.
        assertThat(engine.lastSequence(vf)).isEqualTo(9);
        assertThat(engine.openEpoch(vf)).isEqualTo(5);
        assertThat(r.checkpoints().get("c1").epoch()).isEqualTo(4);
    }
}
