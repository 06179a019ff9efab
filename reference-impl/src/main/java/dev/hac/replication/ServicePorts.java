package dev.hac.replication;

import dev.hac.host.KvService;
import dev.hac.wire.VmDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The UDP service sockets of the VMs that answer requests. A port that cannot be
 * bound proves nothing about the other host (it may run on another address or
 * machine), so nothing here fences a takeover: the witness does ({@link Fencing}).
 */
public final class ServicePorts {
    private ServicePorts() {
    }

    /** Binds every answering VM's port on {@code host}; on any failure closes what it bound and throws. */
    static Map<String, DatagramChannel> bind(final String host, final List<VmDescriptor> vms, final boolean checkpointingOnly)
            throws IOException {
        final Map<String, DatagramChannel> out = new LinkedHashMap<>();
        try {
            for (final VmDescriptor d : vms) {
                if (d.workload().equals(KvService.NAME) && d.udpPort() > 0 && (d.checkpointing() || !checkpointingOnly)) {
                    final DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
                    out.put(d.id(), ch);
                    ch.bind(new InetSocketAddress(host, d.udpPort()));
                }
            }
            return out;
        } catch (IOException e) {
            closeAll(out);
            throw e;
        }
    }

    /** {@code n} UDP ports on loopback that were free a moment ago (for demos and tests that pick service ports). */
    public static int[] freeUdpPorts(final int n) throws IOException {
        final int[] ports = new int[n];
        final List<DatagramChannel> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                final DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
                held.add(ch);
                ch.bind(new InetSocketAddress("127.0.0.1", 0));
                ports[i] = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            }
        } finally {
            for (final DatagramChannel ch : held) {
                ch.close();
            }
        }
        return ports;
    }

    static void closeAll(final Map<String, DatagramChannel> channels) {
        for (final DatagramChannel ch : channels.values()) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
