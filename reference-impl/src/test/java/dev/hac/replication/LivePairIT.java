package dev.hac.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.host.VmSpecs;
import dev.hac.wire.SharedKey;
import dev.hac.wire.VmDescriptor;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class LivePairIT {
    @Test
    void replicates() throws Exception {
        final SharedKey key = new SharedKey(SharedKey.randomBytes(32));
        final LiveOptions o = LiveOptions.defaults();
        try (SecondaryNode s = new SecondaryNode(new InetSocketAddress("127.0.0.1", 0), key, o, "127.0.0.1", System.out)) {
            final InetSocketAddress at = s.start();
            final List<VmDescriptor> vms = VmSpecs.parse(List.of("c1:kv:17501"));
            try (PrimaryNode p = new PrimaryNode(vms, at, key, o, "127.0.0.1", null, System.out)) {
                p.start(5000);
                Thread.sleep(1000);
                System.out.println(p.status().line());
                assertThat(s.applied()).isGreaterThan(10);
            }
        }
    }
}
