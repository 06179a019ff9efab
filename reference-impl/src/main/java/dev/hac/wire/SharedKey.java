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
 * <p>The pre-shared key only authenticates the handshake (HMAC-SHA256 over each HELLO, which carries nonces and
 * the configuration, never guest memory). Everything after it travels under AES-256-GCM with per-direction keys
 * that are fresh for every connection ({@link #sessionKeys}), so guest memory is encrypted on the wire. Why this
 * rather than TLS with a pinned key: the JDK has both primitives (no dependency, no certificate handling), and
 * sealing each segment individually lets the receiver refuse a damaged, forged, replayed or cut piece with a
 * precise reason before anything of it is used.
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

    /**
     * The keys of one connection, HKDF-style: {@code prk = HMAC(psk, "hac-session-v2" | secondaryNonce |
     * primaryNonce)}, then each direction's AES-256 key {@code HMAC(prk, label | 0x01)} with the labels
     * {@code "hac-v2 primary->secondary"} and {@code "hac-v2 secondary->primary"}. Both nonces are fresh random
     * 16 bytes per connection, so no two connections share a key even when one peer repeats its nonce.
     */
    public SessionKeys sessionKeys(final byte[] secondaryNonce, final byte[] primaryNonce) {
        final Mac extract = newMac();
        extract.update("hac-session-v2".getBytes(StandardCharsets.US_ASCII));
        extract.update(secondaryNonce);
        extract.update(primaryNonce);
        final SharedKey prk = new SharedKey(extract.doFinal());
        return new SessionKeys(prk.expand("hac-v2 primary->secondary"), prk.expand("hac-v2 secondary->primary"));
    }

    private byte[] expand(final String label) {
        final Mac mac = newMac();
        mac.update(label.getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) 1);
        return mac.doFinal();
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
