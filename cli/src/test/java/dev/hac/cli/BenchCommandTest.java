package dev.hac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @Test
    void benchPriorityPrintsItsTableAndWritesThePlot(@TempDir final Path dir) {
        final Path png = dir.resolve("p.png");
        assertThat(Hac.run("bench", "priority", "--seconds", "0.1", "--plot", png.toString())).isEqualTo(Hac.OK);
        assertThat(Files.exists(png)).isTrue();
    }

    @Test
    void badSimulationSettingsExitWithTwo() {
        assertThat(Hac.run("bench", "priority", "--epoch-ms", "1", "--commit-ms", "2")).isEqualTo(Hac.BAD_INPUT);
        assertThat(Hac.run("bench", "nic", "--iterations", "0")).isEqualTo(Hac.BAD_INPUT);
    }

    @Test
    void benchWithoutANameAndTheReplicationSlotExitWithTwo() {
        assertThat(Hac.run("bench")).isEqualTo(Hac.BAD_INPUT);
        assertThat(Hac.run("bench", "replication")).isEqualTo(Hac.BAD_INPUT);
    }
}
