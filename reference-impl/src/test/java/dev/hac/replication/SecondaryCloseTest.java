package dev.hac.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.wire.Message;
import dev.hac.wire.MessageDecoder;
import dev.hac.wire.MessageEncoder;
import dev.hac.wire.SessionKeys;
import dev.hac.wire.SharedKey;
import dev.hac.wire.VmDescriptor;
import dev.hac.wire.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A secondary closed while a primary's handshake is under way: the handshake may still complete (it runs on the
 * accepting thread), but the session it makes must not be adopted, or a closed host would go on acknowledging
 * checkpoints. The test speaks the primary's side of the handshake itself, from 127.0.0.1 to a secondary on
 * 127.0.0.2, and closes the secondary between the two HELLOs, so the order is fixed, not left to a race.
 */
class SecondaryCloseTest {
    private static final SharedKey KEY = new SharedKey(SharedKey.randomBytes(32));
    private static final VmDescriptor VM = new VmDescriptor("c1", 0x02_00_00_00_00_01L, true, 4, "kv", 0);

    @Test
    void aHandshakeThatEndsAfterCloseIsClosedAtOnceAndNeverBecomesTheSession() throws Exception {
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final SecondaryNode node = new SecondaryNode(new InetSocketAddress("127.0.0.2", 0), KEY, LiveOptions.defaults(),
                Fencing.none(), "127.0.0.2", new PrintStream(log, true, StandardCharsets.UTF_8));
        final InetSocketAddress at = node.start();
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            s.connect(at, 2000);
            s.setSoTimeout(20_000); // generous: the first session of a JVM warms AES-GCM up first (SegmentSeal)
            final InputStream in = s.getInputStream();
            final OutputStream out = s.getOutputStream();
            final MessageDecoder dec = new MessageDecoder(KEY, WireFormat.DEFAULT_MAX_LENGTH);
            final MessageEncoder enc = new MessageEncoder(KEY);
            final Message.Hello theirs = (Message.Hello) dec.read(in);

            node.close(); // the secondary's accepting thread now waits inside the handshake for the primary's HELLO

            final byte[] nonce = SharedKey.randomBytes(WireFormat.NONCE);
            enc.writeTo(new Message.Hello(Message.Role.PRIMARY, nonce, theirs.nonce(), 25_000, 10_000, List.of(VM)), out);
            out.flush();
            final SessionKeys keys = KEY.sessionKeys(theirs.nonce(), nonce);
            enc.startSession(keys, Message.Role.PRIMARY);
            dec.startSession(keys, Message.Role.SECONDARY);
            assertThat(dec.read(in)).as("the handshake itself completes: the secondary confirms the session key")
                    .isInstanceOf(Message.Heartbeat.class);
            assertThat(dec.read(in)).as("then the closed secondary hangs up instead of serving the session").isNull();
        }
        assertThat(node.connected()).isFalse();
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("connected, replicating");
    }
}
