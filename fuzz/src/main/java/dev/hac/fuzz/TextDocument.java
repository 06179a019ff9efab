package dev.hac.fuzz;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * A text input of the {@code itf} and {@code log} targets: the bytes of a whole file, which need not be valid
 * UTF-8 (a reader handed a file must say so clearly too).
 */
public record TextDocument(byte[] bytes) {

    public static TextDocument of(final String text) {
        return new TextDocument(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes as UTF-8, malformed sequences replaced (what a reader of a {@code String} sees). */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Whether the bytes are well-formed UTF-8 (a file that is not must be refused, not read lossily). */
    public boolean isUtf8() {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        final String text = text();
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "... (" + bytes.length + " bytes)";
    }
}
