package dev.hac.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's verdicts about two hosts, against two scripted kv hosts on 127.0.0.1 and 127.0.0.2: host A serves,
 * falls silent, B takes over, then A sends one more reply.
 */
class CounterClientTest {

    private FakeHost a;
    private FakeHost b;
    private CounterClient client;

    @BeforeEach
    void hosts() throws IOException {
        a = new FakeHost("127.0.0.1", 0);
        b = new FakeHost("127.0.0.2", a.port());
        a.serving = true;
        client = new CounterClient(7, List.of(a.address(), b.address()));
    }

    @AfterEach
    void stop() throws IOException {
        client.stopAndJoin();
        a.close();
        b.close();
    }

    @Test
    void aLateDuplicateFromTheHostThatLostTheVmIsCountedWhenTolerated() throws Exception {
        client.tolerateLateDuplicates();
        takeOverThenReplyFromA(2, 2);
        assertThat(client.violations()).isEmpty();
        assertThat(client.lateDuplicates()).isEqualTo(1);
    }

    @Test
    void aLateDuplicateIsTwoHostsAnsweringWhenNotTolerated() throws Exception {
        takeOverThenReplyFromA(2, 2);
        assertThat(client.violations()).singleElement().asString().contains("TWO HOSTS");
        assertThat(client.lateDuplicates()).isZero();
    }

    @Test
    void aLateReplyWithAnotherValueIsAViolationEvenWhenTolerated() throws Exception {
        client.tolerateLateDuplicates();
        takeOverThenReplyFromA(2, 1);
        assertThat(client.violations()).singleElement().asString().contains("TWO HOSTS");
    }

    @Test
    void theOldHostAnsweringNewRequestsIsAViolationEvenWhenTolerated() throws Exception {
        client.tolerateLateDuplicates();
        client.start();
        await(() -> client.answers() >= 5);
        failOver();
        a.serving = true; // both answer every request now
        await(() -> !client.violations().isEmpty());
        assertThat(client.violations()).first().asString().contains("TWO HOSTS");
    }

    /** A serves five answers, falls silent, B takes over; then A replies to {@code requestId} with {@code value}. */
    private void takeOverThenReplyFromA(final long requestId, final long value) throws Exception {
        client.start();
        await(() -> client.answers() >= 5);
        failOver();
        final long answers = client.answers();
        await(() -> client.answers() >= answers + 3);
        a.reply(requestId, value);
        final long after = client.answers();
        await(() -> client.answers() >= after + 5 || !client.violations().isEmpty()); // a violation ends the client
        client.stopAndJoin();
    }

    /**
     * A falls silent; B serves once the client has waited out a whole exchange (100 ms), so that B never answers a
     * request A already answered (that would be two hosts answering, rightly).
     */
    private void failOver() throws InterruptedException {
        a.serving = false;
        Thread.sleep(300);
        b.serving = true;
        await(() -> client.hostSwitches() == 1);
    }

    private void await(final BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out; the client saw %s", client.violations()).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** A kv host that answers INCR n with n while serving, and can send a reply of its choosing to the client. */
    private static final class FakeHost extends Thread implements AutoCloseable {
        private final DatagramChannel channel;
        volatile boolean serving;
        private volatile SocketAddress client;

        FakeHost(final String host, final int port) throws IOException {
            channel = DatagramChannel.open().bind(new InetSocketAddress(host, port));
            setDaemon(true);
            start();
        }

        int port() {
            return address().getPort();
        }

        InetSocketAddress address() {
            try {
                return (InetSocketAddress) channel.getLocalAddress();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void run() {
            final ByteBuffer in = ByteBuffer.allocate(64);
            final ByteBuffer out = ByteBuffer.allocate(KvProtocol.SIZE);
            try {
                while (true) {
                    in.clear();
                    final SocketAddress from = channel.receive(in);
                    client = from;
                    in.flip();
                    final long key = in.getLong(8);
                    final long id = in.getLong(16);
                    if (serving) {
                        // GET (id 0) reads the counter back: the last id answered is as good as any here
                        KvProtocol.reply(out, in.get(0), KvProtocol.OK, key, id, id);
                        out.flip();
                        channel.send(out, from);
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        void reply(final long requestId, final long value) throws IOException {
            final ByteBuffer out = ByteBuffer.allocate(KvProtocol.SIZE);
            KvProtocol.reply(out, KvProtocol.INCR, KvProtocol.OK, 7, requestId, value);
            out.flip();
            channel.send(out, client);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
