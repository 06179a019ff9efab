package dev.hac.fuzz;

import com.pholser.junit.quickcheck.generator.GenerationStatus;
import com.pholser.junit.quickcheck.generator.Generator;
import com.pholser.junit.quickcheck.random.SourceOfRandomness;

/**
 * Base of the text-document generators. The first input byte picks the mode:
 * <ul>
 * <li>{@link #RAW} ({@code 0x00}): two bytes of length (big-endian), then that many bytes of the document, taken
 *     as they are (not necessarily UTF-8). A committed seed document becomes such an input by {@link #seedStream(byte[])}, so the corpus
 *     holds readable files and Zest mutates their bytes;</li>
 * <li>anything else: a structured document from {@link #structured}, then a few text-level edits (cut, insert a token
 *     or a character, possibly after the end) so that both near-valid and broken syntax show up in unguided trials too.</li>
 * </ul>
 */
public abstract class TextDocumentGenerator extends Generator<TextDocument> {

    /** Mode byte of a raw document. */
    public static final int RAW = 0;
    /** Longest raw document. */
    public static final int MAX_RAW = 0xffff;
    private static final String[] INSERTS = {"{", "}", "[", "]", ",", ":", "\"", "-", "0", "1e309", "#", "\\u0000",
            "\n", "null", "true", "9223372036854775808", "{\"#bigint\":\"x\"}", "\"#meta\"", "\uD800"};

    protected TextDocumentGenerator() {
        super(TextDocument.class);
    }

    /** A well-formed or deliberately damaged document of the target's format. */
    protected abstract String structured(SourceOfRandomness r);

    @Override
    public TextDocument generate(final SourceOfRandomness r, final GenerationStatus status) {
        if (RawInput.u8(r) == RAW) {
            return new TextDocument(RawInput.bytes(r, RawInput.u16(r)));
        }
        final StringBuilder text = new StringBuilder(structured(r));
        final int edits = r.nextInt(0, 9) < 6 ? 0 : r.nextInt(1, 3);
        for (int i = 0; i < edits && text.length() > 0; i++) {
            // at = length appends: content after a complete document must be refused too.
            final int at = r.nextInt(0, text.length());
            switch (r.nextInt(0, 2)) {
                case 0 -> text.setLength(at);
                case 1 -> text.insert(at, r.choose(INSERTS));
                default -> text.insert(at, (char) r.nextInt(0x20, 0x7e));
            }
        }
        return TextDocument.of(text.toString());
    }

    /** The input that makes this generator produce {@code document} (truncated to {@link #MAX_RAW} bytes). */
    public static byte[] seedStream(final byte[] document) {
        final int n = Math.min(document.length, MAX_RAW);
        final byte[] out = new byte[3 + n];
        out[0] = RAW;
        out[1] = (byte) (n >> 8);
        out[2] = (byte) n;
        System.arraycopy(document, 0, out, 3, n);
        return out;
    }
}
