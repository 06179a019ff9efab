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
        final byte[] doc = "{\"vars\":[],\"states\":[]} trailing".getBytes();
        final Path input = Files.write(dir.resolve("trailing"), dev.hac.fuzz.TextDocumentGenerator.seedStream(doc));
        final Replay.Outcome outcome = Replay.inputs(FuzzTarget.ITF, List.of(input));
        assertThat(outcome.results()).containsExactly("trailing: FAILURE");
        assertThat(outcome.failures()).singleElement().asString().contains("not one JSON value", "ItfOracle.check");
    }
}
