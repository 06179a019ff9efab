package dev.hac.fuzz.campaign;

import edu.berkeley.cs.jqf.fuzz.guidance.Guidance;
import edu.berkeley.cs.jqf.fuzz.guidance.Result;
import edu.berkeley.cs.jqf.instrument.tracing.events.TraceEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a driver once per saved input, in order. Unlike JQF's {@code ReproGuidance} it reads each file once and
 * moves on at every {@link #getInput()}: JQF asks again without reporting a result when a generator runs out of
 * input or gives up, and {@code ReproGuidance} then reopens the same file forever (leaking a descriptor each
 * time). An input shorter than its generator now needs, typically a corpus file saved before the generator
 * changed, continues with zero bytes, so it still replays, deterministically.
 */
class ReplayGuidance implements Guidance {

    /** What became of one input: SUCCESS, FAILURE (with its error), INVALID, or GAVE_UP (no result). */
    record Run(Path input, String result, Throwable error) {
    }

    private final List<Path> inputs;
    private final List<Run> runs = new ArrayList<>();
    private int next;

    ReplayGuidance(final List<Path> inputs) {
        this.inputs = List.copyOf(inputs);
    }

    @Override
    public boolean hasInput() {
        return next < inputs.size();
    }

    @Override
    public InputStream getInput() {
        if (runs.size() < next) {
            runs.add(new Run(inputs.get(next - 1), "GAVE_UP", null));
        }
        final Path input = inputs.get(next++);
        try {
            return new ZeroPadded(Files.readAllBytes(input));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the input " + input, e);
        }
    }

    @Override
    public void handleResult(final Result result, final Throwable error) {
        runs.add(new Run(inputs.get(next - 1), result.name(), result == Result.FAILURE ? error : null));
    }

    @Override
    public Consumer<TraceEvent> generateCallBack(final Thread thread) {
        return event -> { };
    }

    List<Run> runs() {
        if (runs.size() < next) {
            runs.add(new Run(inputs.get(next - 1), "GAVE_UP", null));
        }
        return runs;
    }

    /**
     * The bytes, then zeros forever. Reads are never short: JQF's stream-backed random takes a short read for the
     * end of the input.
     */
    private static final class ZeroPadded extends InputStream {
        private final byte[] bytes;
        private int at;

        ZeroPadded(final byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xff : 0;
        }

        @Override
        public int read(final byte[] b, final int off, final int len) {
            final int copied = Math.max(0, Math.min(len, bytes.length - at));
            System.arraycopy(bytes, at, b, off, copied);
            Arrays.fill(b, off + copied, off + len, (byte) 0);
            at += copied;
            return len;
        }
    }
}
