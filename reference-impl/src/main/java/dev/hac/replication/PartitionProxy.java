package dev.hac.replication;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The replication link of {@code hac demo}, with a switch that partitions it: while partitioned nothing is
 * forwarded in either direction and the sockets stay open, so neither host learns of the cut except by
 * silence, as with a failed switch between two machines. What the hosts wrote meanwhile waits in the socket
 * buffers (as TCP would retransmit it) and arrives, stale, once the partition heals.
 */
public final class PartitionProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private volatile boolean partitioned;

    /** Listens on {@code host} (port 0) and forwards each connection to {@code target}. */
    public PartitionProxy(final String host, final InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getByName(host));
        final Thread t = new Thread(this::acceptLoop, "hac-partition-accept");
        t.setDaemon(true);
        t.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Cuts ({@code true}) or heals the link. */
    public void partition(final boolean cut) {
        partitioned = cut;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                final Socket a = server.accept();
                final Socket b;
                try {
                    b = new Socket(target.getAddress(), target.getPort());
                } catch (IOException refused) {
                    a.close();
                    continue;
                }
                a.setTcpNoDelay(true);
                b.setTcpNoDelay(true);
                pump(a, b);
                pump(b, a);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(final Socket from, final Socket to) {
        final Thread t = new Thread(() -> {
            final byte[] buf = new byte[1 << 16];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                while (true) {
                    while (partitioned) {
                        Thread.sleep(1);
                    }
                    final int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    while (partitioned) {
                        Thread.sleep(1); // bytes read just before the cut wait for the heal too
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed: the other learns it as TCP would
            }
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }, "hac-partition-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
