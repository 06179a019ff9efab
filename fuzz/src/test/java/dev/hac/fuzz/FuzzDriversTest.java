package dev.hac.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.fuzz.campaign.Replay;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every fuzz driver as a normal test: its committed corpus replayed through JQF's repro guidance, then a
 * bounded number of unguided random inputs ({@code -Dhac.fuzz.trials=N}, default 200 per target).
 */
class FuzzDriversTest {

    private static final long TRIALS = Long.getLong("hac.fuzz.trials", 200);

    @ParameterizedTest
    @EnumSource(FuzzTarget.class)
    void everyCommittedCorpusInputPasses(final FuzzTarget target, @TempDir final Path dir) throws Exception {
        final List<Corpus.Seed> seeds = Corpus.seeds(target);
        assertThat(seeds).as("committed corpus of " + target.id()).isNotEmpty();
        final Replay.Outcome outcome = Replay.inputs(target, Corpus.write(seeds, dir));
        assertThat(outcome.failures()).as(target.id() + " corpus failures").isEmpty();
        assertThat(outcome.results()).as("every input ran to a verdict").hasSize(seeds.size()).allMatch(r -> r.endsWith(": SUCCESS"));
    }

    @ParameterizedTest
    @EnumSource(FuzzTarget.class)
    void boundedRandomInputsPass(final FuzzTarget target) {
        final Replay.Outcome outcome = Replay.random(target, TRIALS);
        assertThat(outcome.failures()).as(target.id() + " failures in " + TRIALS + " random inputs").isEmpty();
        // A generator whose inputs the driver mostly rejects as invalid would make the trials above vacuous.
        final long valid = outcome.results().stream().filter(r -> r.endsWith(": SUCCESS")).count();
        System.out.println(target.id() + ": " + valid + " of " + outcome.results().size() + " random inputs valid");
        assertThat(valid).as(target.id() + ": valid random inputs").isGreaterThanOrEqualTo(TRIALS / 2);
    }
}
