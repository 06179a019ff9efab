package dev.hac.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class ServicePortsTest {

    @Test
    void thePortsFenceOnlyAPrimaryOnThisMachine() throws Exception {
        assertThat(ServicePorts.fence(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(ServicePorts.fence(InetAddress.getByName("::1"))).isTrue();
        for (final NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (final InetAddress own : Collections.list(nic.getInetAddresses())) {
                assertThat(ServicePorts.fence(own)).as(own.toString()).isTrue();
            }
        }
        // TEST-NET-1 (RFC 5737): never an address of this machine, so binding its ports here proves nothing.
        assertThat(ServicePorts.fence(InetAddress.getByName("192.0.2.1"))).isFalse();
    }
}
