package dev.hac.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hac.vocabulary.Variable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The process adapter against real child processes that misbehave on purpose
 * (src/test/resources/adapters/misbehave.sh): every failure stops the replay with the trace,
 * the step and the child's last stderr lines.
 */
class ProcessAdapterIT {

    private static final Path EMIT = Path.of("src", "test", "resources", "traces", "emit.itf.json");
    private static final String CHILD = Path.of("src", "test", "resources", "adapters", "misbehave.sh").toString();
    /** Requests for the emit trace: 1 reset, 2 observe, 3 apply VmEmit, 4 observe, 5 apply VmEmit, 6 observe. */
    private static final int SECOND_EMIT = 5;

    private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());

    private ProcessAdapter child(final String mode, final int failAt, final Duration timeout) {
        return ProcessAdapter.start(List.of("sh", CHILD, mode, Integer.toString(failAt)), timeout, stderr::add);
    }

    private BrokenAdapterException broken(final String mode, final int failAt, final Duration timeout) {
        try (ProcessAdapter sut = child(mode, failAt, timeout)) {
            final Replayer replayer = new Replayer(sut, null, Replayer.Listener.NONE);
            final List<ConformanceTrace> traces = List.of(ConformanceTrace.read(EMIT));
            return (BrokenAdapterException) catchThrowable(() -> replayer.replay(traces));
        } catch (final Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aChildThatExitsMidRunIsReportedWithItsStatusTheStepAndItsStderr() {
        final BrokenAdapterException e = broken("exit", SECOND_EMIT, ProcessAdapter.DEFAULT_TIMEOUT);
        assertThat(e.where()).isEqualTo(EMIT + ": step 2 VmEmit(v = \"p1\")");
        assertThat(e.reason()).contains("exited (status 3)");
        assertThat(e.stderrTail()).containsExactly("misbehave: request 5, now: exit");
        assertThat(e.getMessage()).contains("emit.itf.json: step 2").contains("| misbehave: request 5, now: exit");
    }

    @Test
    void aLineThatIsNotJsonIsQuotedInTheReport() {
        final BrokenAdapterException e = broken("garbage", 2, ProcessAdapter.DEFAULT_TIMEOUT);
        assertThat(e.where()).isEqualTo(EMIT + ": step 0 reset, observing");
        assertThat(e.reason()).contains("not a JSON reply").contains("'this is not json'");
        assertThat(e.stderrTail()).contains("misbehave: request 2, now: garbage");
    }

    @Test
    void aChildThatDoesNotAnswerInTimeIsStopped() {
        final long start = System.nanoTime();
        final BrokenAdapterException e = broken("hang", 3, Duration.ofMillis(500));
        assertThat(e.where()).isEqualTo(EMIT + ": step 1 VmEmit(v = \"c1\")");
        assertThat(e.reason()).contains("did not reply").contains("within 500 ms");
        assertThat(e.stderrTail()).contains("misbehave: request 3, now: hang");
        // The child was killed, not waited for (it would sleep for 60 s).
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void anErrorReplyEndsTheReplayWithTheChildsText() {
        final BrokenAdapterException e = broken("error", 4, ProcessAdapter.DEFAULT_TIMEOUT);
        assertThat(e.where()).isEqualTo(EMIT + ": step 1 VmEmit(v = \"c1\"), observing");
        assertThat(e.reason()).contains("replied with an error").contains("VF 3: descriptor ring corrupt");
    }

    @Test
    void aReplyNobodyAskedForIsAProtocolError() {
        final BrokenAdapterException e = broken("extra", 3, ProcessAdapter.DEFAULT_TIMEOUT);
        assertThat(e.where()).isEqualTo(EMIT + ": step 1 VmEmit(v = \"c1\"), observing");
        // Caught before the next request when the line has arrived by then, else as that request's (wrong) reply.
        assertThat(e.reason()).containsAnyOf("a line nobody asked for", "without \"state\"");
    }

    @Test
    void variablesTheChildDoesNotObserveGoUncheckedAndAreNamed() throws Exception {
        try (ProcessAdapter sut = child("none", 0, ProcessAdapter.DEFAULT_TIMEOUT)) {
            final Replayer replayer = new Replayer(sut, null, Replayer.Listener.NONE);
            assertThat(replayer.replay(List.of(ConformanceTrace.read(EMIT)))).isEmpty();
            assertThat(replayer.coverage().unchecked()).containsExactlyElementsOf(new TreeSet<>(Variable.NAMES));
            assertThat(replayer.coverage().toJson().get("uncheckedVariables")).hasSize(13);
        }
    }

    @Test
    void closingEndsTheChildThroughItsStdin() throws Exception {
        final ProcessAdapter sut = child("none", 0, ProcessAdapter.DEFAULT_TIMEOUT);
        new Replayer(sut, null, Replayer.Listener.NONE).replay(List.of(ConformanceTrace.read(EMIT)));
        sut.close();
        assertThat(stderr).contains("misbehave: stdin closed after 6 requests");
    }

    @Test
    void aProgramThatCannotStartIsBadInput() {
        assertThatThrownBy(() -> ProcessAdapter.start(List.of("/nonexistent/c-nic"), ProcessAdapter.DEFAULT_TIMEOUT,
                stderr::add)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/nonexistent/c-nic")
                .hasMessageContaining("cannot start");
    }
}
