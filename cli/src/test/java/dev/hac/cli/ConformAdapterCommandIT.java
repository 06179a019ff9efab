package dev.hac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * hac conform --adapter-cmd with a child that misbehaves (conformance's misbehave.sh): exit 2,
 * naming the trace, the step and the child's last stderr lines.
 */
class ConformAdapterCommandIT {

    private static final Path TRACE = Path.of("..", "conformance", "src", "test", "resources", "traces", "emit.itf.json");
    private static final Path CHILD = Path.of("..", "conformance", "src", "test", "resources", "adapters", "misbehave.sh");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int conform(final String... args) {
        final String[] all = new String[args.length + 3];
        all[0] = "conform";
        all[1] = "--traces";
        all[2] = TRACE.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return new CommandLine(Hac.class).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all);
    }

    @ParameterizedTest(name = "{0} at request {1}")
    @CsvSource({
            "exit, 5, step 2 VmEmit(v = \"p1\"), exited (status 3)",
            "garbage, 3, step 1 VmEmit(v = \"c1\"), 'not a JSON reply'",
            "hang, 4, step 1 VmEmit(v = \"c1\"), did not reply",
            "error, 6, step 2 VmEmit(v = \"p1\"), VF 3: descriptor ring corrupt"})
    void aMisbehavingChildEndsTheRunWithExitTwoNamingTraceStepAndStderr(final String mode, final int request,
                                                                         final String step, final String reason) {
        assertThat(conform("--adapter-cmd", "sh " + CHILD + " " + mode + " " + request, "--adapter-timeout", "0.5"))
                .isEqualTo(Hac.BAD_INPUT);
        assertThat(err.toString()).contains("emit.itf.json: " + step).contains(reason)
                .contains("| misbehave: request " + request + ", now: " + mode);
        assertThat(out.toString()).doesNotContain("no divergence");
    }

    @Test
    void aWellBehavedChildThatObservesNothingPassesWithEveryVariableNamedUnchecked() {
        assertThat(conform("--adapter-cmd", "sh " + CHILD + " none 0")).isEqualTo(Hac.OK);
        assertThat(out.toString()).contains("unchecked (the implementation does not observe them): acked, buf, committed");
    }

    @Test
    void aClassAdapterAndACommandExcludeEachOther() {
        assertThat(conform("--adapter", "x.Y", "--adapter-cmd", "true")).isEqualTo(Hac.BAD_INPUT);
        assertThat(err.toString()).contains("--adapter and --adapter-cmd exclude each other");
    }

    @Test
    void aCommandThatCannotStartIsBadInput() {
        assertThat(conform("--adapter-cmd", "/nonexistent/c-nic --fast")).isEqualTo(Hac.BAD_INPUT);
        assertThat(err.toString()).contains("/nonexistent/c-nic").contains("cannot start");
    }
}
