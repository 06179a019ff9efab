package dev.hac.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedKeyTest {
    private static final SharedKey PSK = new SharedKey(bytes(32, 1));
    private static final byte[] S = bytes(16, 2);
    private static final byte[] P = bytes(16, 3);

    private static byte[] bytes(final int n, final int fill) {
        final byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) fill);
        return b;
    }

    /** What a key does, as bytes: two keys are the same key exactly when they MAC alike. */
    private static String tag(final SharedKey k) {
        return java.util.HexFormat.of().formatHex(k.newMac().doFinal("probe".getBytes(StandardCharsets.US_ASCII)));
    }

    private static String keys(final SessionKeys k) {
        return java.util.HexFormat.of().formatHex(k.key(Message.Role.PRIMARY)) + "/"
                + java.util.HexFormat.of().formatHex(k.key(Message.Role.SECONDARY));
    }

    @Test
    void theSessionKeysDependOnTheKeyAndOnBothNoncesInTheirRolesAndDifferPerDirection() {
        final String session = keys(PSK.sessionKeys(S, P));
        assertThat(keys(PSK.sessionKeys(S, P))).isEqualTo(session);
        assertThat(keys(PSK.sessionKeys(bytes(16, 9), P))).as("another secondary nonce").isNotEqualTo(session);
        assertThat(keys(PSK.sessionKeys(S, bytes(16, 9)))).as("another primary nonce").isNotEqualTo(session);
        assertThat(keys(PSK.sessionKeys(P, S))).as("roles swapped").isNotEqualTo(session);
        assertThat(keys(new SharedKey(bytes(32, 4)).sessionKeys(S, P))).as("another pre-shared key").isNotEqualTo(session);
        final SessionKeys k = PSK.sessionKeys(S, P);
        assertThat(k.key(Message.Role.PRIMARY)).hasSize(32).isNotEqualTo(k.key(Message.Role.SECONDARY));
    }

    /** The derivation is part of the wire protocol: pinned here, computed with the JDK's HMAC directly. */
    @Test
    void eachDirectionsKeyIsAnHkdfExpandOfTheHmacOfTheLabelAndBothNoncesUnderThePreSharedKey() throws Exception {
        final javax.crypto.Mac hmac = javax.crypto.Mac.getInstance("HmacSHA256");
        hmac.init(new javax.crypto.spec.SecretKeySpec(bytes(32, 1), "HmacSHA256"));
        hmac.update("hac-session-v2".getBytes(StandardCharsets.US_ASCII));
        hmac.update(S);
        hmac.update(P);
        final byte[] prk = hmac.doFinal();
        hmac.init(new javax.crypto.spec.SecretKeySpec(prk, "HmacSHA256"));
        hmac.update("hac-v2 primary->secondary".getBytes(StandardCharsets.US_ASCII));
        hmac.update((byte) 1);
        final byte[] p2s = hmac.doFinal();
        hmac.update("hac-v2 secondary->primary".getBytes(StandardCharsets.US_ASCII));
        hmac.update((byte) 1);
        final byte[] s2p = hmac.doFinal();
        final SessionKeys k = PSK.sessionKeys(S, P);
        assertThat(k.key(Message.Role.PRIMARY)).isEqualTo(p2s);
        assertThat(k.key(Message.Role.SECONDARY)).isEqualTo(s2p);
    }

    @Test
    void aGeneratedKeyFileReadsBackAsTheSameKey(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("pair.key");
        final SharedKey written = SharedKey.generate(file);
        assertThat(tag(SharedKey.fromFile(file))).isEqualTo(tag(written));
        Files.writeString(file, "0011 2233 4455 6677\n8899 aabb ccdd eeff\n");
        assertThat(tag(SharedKey.fromFile(file))).isEqualTo(tag(new SharedKey(java.util.HexFormat.of()
                .parseHex("00112233445566778899aabbccddeeff"))));
    }

    @Test
    void aKeyFileThatIsNotHexOrTooShortIsRefusedNamingTheFile(@TempDir final Path dir) throws IOException {
        final Path notHex = Files.writeString(dir.resolve("bad.key"), "this is not hex");
        assertThatThrownBy(() -> SharedKey.fromFile(notHex)).isInstanceOf(IOException.class)
                .hasMessageContaining("bad.key").hasMessageContaining("hex digits only");
        final Path shortKey = Files.writeString(dir.resolve("short.key"), "00112233445566778899aabbccddee"); // 15 bytes
        assertThatThrownBy(() -> SharedKey.fromFile(shortKey)).isInstanceOf(IOException.class)
                .hasMessageContaining("short.key").hasMessageContaining("15 bytes");
        assertThat(SharedKey.fromFile(Files.writeString(dir.resolve("min.key"), "00112233445566778899aabbccddeeff")))
                .isNotNull();
        assertThatThrownBy(() -> new SharedKey(new byte[SharedKey.MIN_BYTES - 1])).isInstanceOf(IllegalArgumentException.class);
    }
}
