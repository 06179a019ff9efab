package dev.hac.fuzz.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.hac.fuzz.FuzzTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.runner.RunWith;
import edu.berkeley.cs.jqf.fuzz.Fuzz;
import edu.berkeley.cs.jqf.fuzz.JQF;

class ReplayTest {

    @Test
    void replaysEachInputOnceEvenWhenItIsShorterThanItsGeneratorNeeds(@TempDir final Path dir) throws Exception {
        final Path shortInput = Files.write(dir.resolve("two-bytes"), new byte[] {1, 2});
        final Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        final Replay.Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> Replay.inputs(FuzzTarget.NIC, List.of(shortInput, empty)));
        assertThat(outcome.results()).containsExactly("two-bytes: SUCCESS", "empty: SUCCESS");
    }

    @Test
    void reportsAFailingInputWithItsStackTrace(@TempDir final Path dir) throws Exception {
        // No target fails on any known input today, so a driver of this test fails on purpose.
        final Path good = Files.write(dir.resolve("good"), new byte[] {1});
        final Path bad = Files.write(dir.resolve("bad"), new byte[] {FailsOnZero.BAD});
        final Replay.Outcome outcome = Replay.inputs(FailsOnZero.class, "fails", List.of(good, bad));
        assertThat(outcome.results()).containsExactly("good: SUCCESS", "bad: FAILURE");
        assertThat(outcome.failures()).singleElement().asString().contains("bad: ", "the byte was zero", "FailsOnZero.fails");
    }

    /** A driver with one known failing input. */
    @RunWith(JQF.class)
    public static class FailsOnZero {
        static final byte BAD = 0;

        @Fuzz
        public void fails(final byte b) {
            if (b == BAD) {
                throw new AssertionError("the byte was zero");
            }
        }
    }
}
