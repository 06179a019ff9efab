package dev.hac.vocabulary;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a text file that must be UTF-8 and, when it is not, says where: the JDK's own
 * {@code MalformedInputException: Input length = 1} names neither the file nor the place,
 * which is no help to someone fixing a trace or a log by hand.
 */
public final class Utf8Text {

    private Utf8Text() {
    }

    /** Not UTF-8: the file, the byte offset of the first bad byte and its 1-based line. */
    public static final class NotUtf8Exception extends IOException {
        private static final long serialVersionUID = 1L;
        private final long offset;
        private final int line;

        NotUtf8Exception(final Path file, final long offset, final int line) {
            super(file + ":" + line + ": not UTF-8 text (invalid byte at offset " + offset + ")");
            this.offset = offset;
            this.line = line;
        }

        public long offset() {
            return offset;
        }

        public int line() {
            return line;
        }
    }

    /** The whole file as a string; a byte sequence that is not UTF-8 is a {@link NotUtf8Exception}. */
    public static String read(final Path file) throws IOException {
        final byte[] bytes = Files.readAllBytes(file);
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        final CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            final int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new NotUtf8Exception(file, at, line);
        }
        return out.flip().toString();
    }
}
