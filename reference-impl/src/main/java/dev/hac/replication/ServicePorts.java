package dev.hac.replication;

import dev.hac.host.KvService;
import dev.hac.wire.VmDescriptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The UDP service sockets of the VMs that answer requests. Binding them is also
 * the takeover fence on one machine: while the primary process lives it holds
 * the ports, so a secondary that lost the link but cannot bind them knows the
 * primary still runs and must not take over (no split brain). Only on one
 * machine: a primary on another host holds its ports there, and a bind here
 * would succeed while it lives.
 */
public final class ServicePorts {
    private ServicePorts() {
    }

    /** Whether the ports fence a primary connecting from {@code primary}: only when it runs on this machine. */
    static boolean fence(final InetAddress primary) {
        try {
            return primary.isLoopbackAddress() || primary.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(primary) != null;
        } catch (SocketException e) {
            return false; // cannot tell: no fence, the failure timeout decides
        }
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
