package dev.hac.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.host.Lockstep;
import dev.hac.spec.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TraceValidatorTest {

    private static final Lockstep.Config TWO_PROTECTED = new Lockstep.Config(List.of("c1", "c2"), List.of("p1"), 2,
            "strict", 1, "backpressure");
    private static final Lockstep.Config BYPASS_DROP = new Lockstep.Config(List.of("c1"), List.of("p1", "p2"), 1,
            "bypass", 2, "drop");

    private static Scratch scratch;

    @BeforeAll
    static void scratch() throws Exception {
        scratch = Scratch.create(Path.of("target", "hac", "test"), "validate");
    }

    @AfterAll
    static void clean() {
        scratch.close();
    }

    @Test
    void acceptsLockstepLogsOfSeveralSeedsAndConfigurations() throws Exception {
        for (final long seed : new long[] {1, 2}) {
            for (final Lockstep.Config config : List.of(TWO_PROTECTED, BYPASS_DROP)) {
                final Path file = LockstepLogs.write(scratch.dir("logs").resolve("log-" + seed + "-" + config.policy()
                        + ".ndjson"), config, 120, seed);
                final TraceValidator.Verdict v = TraceValidator.validate(EventLog.read(file, Map.of()), scratch, s -> { });
                System.out.printf("%s: %d lines, %d states, %s%n", file.getFileName(), v.matched(), v.distinctStates(), v.duration());
                assertThat(v.accepted()).as("%s rejected at %s", file, v.firstUnmatched()).isTrue();
                assertThat(v.matched()).isGreaterThan(20);
            }
        }
    }

    @Test
    void rejectsTheLineWhereAFrameIsReleasedBeforeItsCheckpointCommits() throws Exception {
        final Path good = LockstepLogs.write(scratch.dir("logs").resolve("good.ndjson"), TWO_PROTECTED, 80, 7);
        final List<String> lines = new ArrayList<>(Files.readAllLines(good));
        final int edited = LogEdits.releaseBeforeCommit(lines);
        assertThat(edited).as("the log has a buffered emit to edit").isPositive();
        final Path bad = Files.write(scratch.dir("logs").resolve("bad.ndjson"), lines);

        final TraceValidator.Verdict v = TraceValidator.validate(EventLog.read(bad, Map.of()), scratch, s -> { });

        assertThat(v.accepted()).isFalse();
        assertThat(v.firstUnmatched().lineNo()).isEqualTo(edited);
        assertThat(v.matched()).isEqualTo(edited - 2);
    }
}
