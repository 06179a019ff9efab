package dev.hac.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hac.wire.Message;
import dev.hac.wire.MessageEncoder;
import dev.hac.wire.MessageRejected;
import dev.hac.wire.RejectReason;
import dev.hac.wire.SharedKey;
import dev.hac.wire.VmDescriptor;
import dev.hac.wire.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
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

    /** A genuine secondary's side of the handshake, on the next connection {@code server} accepts. */
    private static CompletableFuture<Link> acceptSecondary(final ServerSocket server) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Link.secondary(server.accept(), KEY, 10_000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void peersWithTheSameKeyExchangeMessagesBothWays() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final CompletableFuture<Link> secondary = acceptSecondary(server);
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

    /** Everything the primary read from the secondary during a genuine handshake: its HELLO and key confirmation. */
    private static byte[] recordSecondaryOpening() throws Exception {
        final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final CompletableFuture<Link> secondary = acceptSecondary(server);
            final Socket tapped = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()) {
                @Override
                public InputStream getInputStream() throws IOException {
                    return new FilterInputStream(super.getInputStream()) {
                        @Override
                        public int read(final byte[] b, final int off, final int len) throws IOException {
                            final int n = super.read(b, off, len);
                            if (n > 0) {
                                recorded.write(b, off, n);
                            }
                            return n;
                        }
                    };
                }
            };
            Link.primary(tapped, KEY, 25_000, 10_000, VMS).close();
            secondary.get(5, TimeUnit.SECONDS).close();
        }
        return recorded.toByteArray();
    }

    /** A primary facing a replayer that sends {@code opening} and then hangs up. */
    private static Link primaryFacingReplay(final byte[] opening) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final CompletableFuture<Void> replayer = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write(opening);
                    s.getInputStream().readNBytes(4); // the primary's HELLO, which the replayer cannot answer
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                return Link.primary(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()), KEY, 25_000, 10_000, VMS);
            } finally {
                replayer.get(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aPrimaryRefusesAReplayedSecondaryOpeningAndNeverHandsOutALink() throws Exception {
        final byte[] opening = recordSecondaryOpening();
        final int helloLength = WireFormat.LENGTH_FIELD + ByteBuffer.wrap(opening).getInt();
        // The HELLO alone: nothing under this session's key ever comes.
        assertThatThrownBy(() -> primaryFacingReplay(Arrays.copyOf(opening, helloLength)))
                .isInstanceOfSatisfying(MessageRejected.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.TRUNCATED));
        // The whole opening: its confirmation is sealed with the old session's key.
        assertThat(opening.length).as("HELLO and key confirmation recorded").isGreaterThan(helloLength);
        assertThatThrownBy(() -> primaryFacingReplay(opening))
                .isInstanceOfSatisfying(MessageRejected.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_MAC));
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

    @Test
    void aPrimaryRefusesASecondaryOfTheOldWireVersionByNameAndHangsUpOnIt() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final CompletableFuture<Integer> oldSecondary = CompletableFuture.supplyAsync(() -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    s.getOutputStream().write(VersionOnePeer.hello(KEY, Message.Role.SECONDARY, List.of()));
                    return s.getInputStream().read(); // what the old peer sees next
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(() -> Link.primary(server.accept(), KEY, 25_000, 10_000, VMS))
                    .isInstanceOfSatisfying(MessageRejected.class, e -> {
                        assertThat(e.reason()).isEqualTo(RejectReason.WRONG_VERSION);
                        assertThat(e.getMessage()).contains("wire version 1", "speaks 2");
                    });
            assertThat(oldSecondary.get(10, TimeUnit.SECONDS)).as("the old peer sees the connection closed").isEqualTo(-1);
        }
    }

    @Test
    void aSecondaryRefusesAnOldPrimarysHelloByNameAndReportsAnOldPrimaryThatHangsUp() throws Exception {
        for (final boolean answers : new boolean[] {true, false}) {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                final CompletableFuture<Void> oldPrimary = CompletableFuture.runAsync(() -> {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                        final int length = ByteBuffer.wrap(s.getInputStream().readNBytes(4)).getInt();
                        s.getInputStream().readNBytes(length); // a version-1 primary refuses this HELLO...
                        if (answers) {
                            s.getOutputStream().write(VersionOnePeer.hello(KEY, Message.Role.PRIMARY, VMS)); // ...or answers anyway
                            s.getInputStream().read();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                final RejectReason expected = answers ? RejectReason.WRONG_VERSION : RejectReason.TRUNCATED;
                assertThatThrownBy(() -> Link.secondary(server.accept(), KEY, 10_000))
                        .isInstanceOfSatisfying(MessageRejected.class, e -> assertThat(e.reason()).isEqualTo(expected))
                        .hasMessageContaining(answers ? "wire version 1" : "another wire version");
                oldPrimary.get(10, TimeUnit.SECONDS);
            }
        }
    }
}
