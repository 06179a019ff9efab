package dev.hac.cli.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A {@link PrintStream} onto a command's writer, for library code that prints to a
 * stream (the live nodes, fuzz campaigns, benchmarks): a command prints only through
 * its writer, which tests and {@code hac verify} redirect.
 */
public final class WriterStream {
    private WriterStream() {
    }

    /** Bytes are decoded as UTF-8 a line (or a flush) at a time, so no character is split. */
    public static PrintStream of(final PrintWriter writer) {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public synchronized void write(final int b) {
                pending.write(b);
                if (b == '\n') {
                    flush();
                }
            }

            @Override
            public synchronized void flush() {
                writer.write(pending.toString(StandardCharsets.UTF_8));
                writer.flush();
                pending.reset();
            }
        }, true, StandardCharsets.UTF_8);
    }
}
