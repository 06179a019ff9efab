package dev.hac.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pre-shared key of a primary/secondary pair, and the session keys derived from it.
 *
 * <p>Why HMAC-SHA256 per message rather than TLS with a pinned key: the JDK has it
 * (no dependency, no certificate handling), it authenticates every message
 * individually so a forged or damaged one is refused with a precise reason, and
 * the per-direction sequence number inside the MAC gives replay protection. The
 * channel is not encrypted: confidentiality of guest memory on the wire needs TLS
 * (or a private replication link), which this kit leaves to the deployment.
 */
public final class SharedKey {
    public static final int MIN_BYTES = 16;
    private static final String HMAC = "HmacSHA256";

    private final byte[] key;

    public SharedKey(final byte[] key) {
        if (key.length < MIN_BYTES) {
            throw new IllegalArgumentException("pre-shared key must be at least " + MIN_BYTES + " bytes, got " + key.length);
        }
        this.key = key.clone();
    }

    /** Reads a key file holding hex digits (whitespace ignored), at least 32 of them. */
    public static SharedKey fromFile(final Path file) throws IOException {
        final String text = Files.readString(file, StandardCharsets.US_ASCII).replaceAll("\\s", "");
        final byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": key file must hold hex digits only (" + e.getMessage() + ")", e);
        }
        if (bytes.length < MIN_BYTES) {
            throw new IOException(file + ": key is " + bytes.length + " bytes, need at least " + MIN_BYTES);
        }
        return new SharedKey(bytes);
    }

    /** A fresh random key, written as hex to {@code file}. */
    public static SharedKey generate(final Path file) throws IOException {
        final byte[] bytes = randomBytes(32);
        Files.writeString(file, HexFormat.of().formatHex(bytes) + "\n", StandardCharsets.US_ASCII);
        return new SharedKey(bytes);
    }

    public static byte[] randomBytes(final int n) {
        final byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The key of one session: HMAC(psk, "hac-session-v1" | secondaryNonce | primaryNonce). */
    public SharedKey session(final byte[] secondaryNonce, final byte[] primaryNonce) {
        final Mac mac = newMac();
        mac.update("hac-session-v1".getBytes(StandardCharsets.US_ASCII));
        mac.update(secondaryNonce);
        mac.update(primaryNonce);
        return new SharedKey(mac.doFinal());
    }

    /** A fresh HMAC-SHA256 instance keyed with this key (Mac is not thread-safe: one per direction). */
    public Mac newMac() {
        try {
            final Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always provides " + HMAC, e);
        }
    }
}
