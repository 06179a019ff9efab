package dev.hac.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hac.wire.SharedKey;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WitnessServerTest {

    private final SharedKey key = new SharedKey(SharedKey.randomBytes(32));
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    @TempDir
    Path dir;
    private WitnessServer server;

    private WitnessServer start() throws IOException {
        server = new WitnessServer(new InetSocketAddress("127.0.0.1", 0), key, dir.resolve("gen"), new PrintStream(log, true));
        return server;
    }

    private Witness client(final SharedKey k) {
        return new RemoteWitness(server.address(), k, 2000);
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theFirstClaimOfAGenerationWinsItAndEveryOtherClaimOfItLoses() throws Exception {
        start();
        final Witness w = client(key);
        assertThat(w.claim(0, "a").outcome()).isEqualTo(Witness.Outcome.WON);
        final Witness.Answer lost = w.claim(0, "b");
        assertThat(lost.outcome()).isEqualTo(Witness.Outcome.LOST);
        assertThat(lost.generation()).isEqualTo(1);
        assertThat(lost.holder()).isEqualTo("a");
        assertThat(w.claim(0, "a").outcome()).as("a retry whose answer was lost").isEqualTo(Witness.Outcome.WON);
        assertThat(w.claim(1, "b").generation()).isEqualTo(2);
        assertThat(w.claim(1, "a").outcome()).as("a claim of an older generation").isEqualTo(Witness.Outcome.LOST);
        assertThat(w.read().holder()).isEqualTo("b");
        assertThat(server.counters().granted()).isEqualTo(3);
        assertThat(server.counters().lost()).isEqualTo(2);
    }

    @Test
    void aRestartedWitnessNeverGrantsAGenerationTwice() throws Exception {
        start();
        assertThat(client(key).claim(0, "a").outcome()).isEqualTo(Witness.Outcome.WON);
        server.close();
        start();
        assertThat(client(key).claim(0, "b").outcome()).isEqualTo(Witness.Outcome.LOST);
        assertThat(Files.readString(dir.resolve("gen"))).isEqualTo("1 a\n");
    }

    @Test
    void aClaimWithAnotherKeyIsRefusedCountedAndChangesNothing() throws Exception {
        start();
        final Witness.Answer a = client(new SharedKey(SharedKey.randomBytes(32))).claim(0, "intruder");
        assertThat(a.outcome()).isEqualTo(Witness.Outcome.UNREACHABLE);
        // Counted before the connection closed, so before the claimant saw the end of it.
        assertThat(server.counters().refused().get(WitnessServer.Refusal.UNAUTHENTICATED)).isEqualTo(1);
        assertThat(client(key).read().generation()).isZero();
    }

    @Test
    void aRequestRecordedOnOneConnectionIsRefusedAsAReplayOnAnother() throws Exception {
        start();
        final byte[] recorded;
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            final byte[] nonce = WitnessProtocol.parseChallenge(WitnessProtocol.readFrame(new DataInputStream(s.getInputStream())));
            recorded = WitnessProtocol.request(key, nonce, SharedKey.randomBytes(16), WitnessProtocol.OP_CLAIM, 0, "mallory");
        }
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            final DataInputStream in = new DataInputStream(s.getInputStream());
            WitnessProtocol.readFrame(in);
            WitnessProtocol.writeFrame(new DataOutputStream(s.getOutputStream()), recorded);
            assertThat(in.read()).as("no answer to a replay").isEqualTo(-1);
        }
        assertThat(server.counters().refused().get(WitnessServer.Refusal.REPLAYED)).isEqualTo(1);
        assertThat(client(key).read().generation()).isZero();
        assertThat(log.toString()).contains("REFUSED", "REPLAYED");
    }

    @Test
    void aDamagedRegisterStopsTheStartNamingFileAndLine() throws Exception {
        Files.writeString(dir.resolve("gen"), "two a\n");
        assertThatThrownBy(this::start).isInstanceOf(IOException.class).hasMessageContaining("gen: line 1");
        assertThat(new FileWitness(dir.resolve("gen")).claim(0, "a").outcome()).isEqualTo(Witness.Outcome.UNREACHABLE);
    }

    @Test
    void twoFileWitnessesOnOneFileGrantEachGenerationOnce() {
        final FileWitness a = new FileWitness(dir.resolve("shared"));
        final FileWitness b = new FileWitness(dir.resolve("shared"));
        assertThat(a.claim(0, "a").outcome()).isEqualTo(Witness.Outcome.WON);
        assertThat(b.claim(0, "b").outcome()).isEqualTo(Witness.Outcome.LOST);
        assertThat(b.read().holder()).isEqualTo("a");
    }
}
