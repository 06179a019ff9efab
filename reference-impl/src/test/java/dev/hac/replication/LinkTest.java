package dev.hac.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hac.wire.Message;
import dev.hac.wire.MessageEncoder;
import dev.hac.wire.MessageRejected;
import dev.hac.wire.RejectReason;
import dev.hac.wire.SharedKey;
import dev.hac.wire.VmDescriptor;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LinkTest {
    private static final SharedKey KEY = new SharedKey(SharedKey.randomBytes(32));
    private static final List<VmDescriptor> VMS = List.of(new VmDescriptor("c1", 0x020000000001L, true, 4, "kv", 7501));

    private static final class Collect implements Link.Listener {
        final LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();

        @Override
        public void received(final Message m) {
            got.add(m);
        }

        @Override
        public void closed(final String why) {
        }
    }

    @Test
    void peersWithTheSameKeyExchangeMessagesBothWays() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final CompletableFuture<Link> secondary = CompletableFuture.supplyAsync(() -> {
                try {
                    return Link.secondary(server.accept(), KEY, 10_000);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            final Link primary = Link.primary(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()), KEY, 25_000, 10_000, VMS);
            final Link s = secondary.get(5, TimeUnit.SECONDS);
            assertThat(s.peerHello().vms()).isEqualTo(VMS);
            final Collect atSecondary = new Collect();
            final Collect atPrimary = new Collect();
            s.start("s", atSecondary);
            primary.start("p", atPrimary);
            primary.send(new Message.Heartbeat(1));
            s.send(new Message.Ack("c1", 7));
            assertThat(atSecondary.got.poll(5, TimeUnit.SECONDS)).isEqualTo(new Message.Heartbeat(1));
            assertThat(atPrimary.got.poll(5, TimeUnit.SECONDS)).isEqualTo(new Message.Ack("c1", 7));
            primary.close();
            s.close();
        }
    }

    @Test
    void refusesAPeerThatCannotProveTheKey() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final CompletableFuture<Void> impostor = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    Link.secondary(s, new SharedKey(SharedKey.randomBytes(32)), 10_000);
                } catch (Exception expected) {
                    // the primary hangs up on it
                }
            });
            assertThatThrownBy(() -> Link.primary(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()), KEY, 25_000, 10_000, VMS))
                    .isInstanceOfSatisfying(MessageRejected.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_MAC));
            impostor.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesARecordedHelloFromAnotherSession() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final CompletableFuture<Void> replayer = CompletableFuture.runAsync(() -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    // A HELLO sealed with the right key, but for an earlier session's nonce.
                    final byte[] old = new MessageEncoder(KEY).encode(new Message.Hello(Message.Role.PRIMARY,
                            SharedKey.randomBytes(16), SharedKey.randomBytes(16), 25_000, 10_000, VMS));
                    s.getInputStream().readNBytes(4); // the secondary's HELLO arrives first
                    s.getOutputStream().write(old);
                    s.getInputStream().readAllBytes();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(() -> Link.secondary(server.accept(), KEY, 10_000))
                    .isInstanceOfSatisfying(MessageRejected.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.REPLAYED));
            replayer.cancel(true);
        }
    }
}
