package dev.hac.replication;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EventLogIT {

    @Test
    void everyLoggedStateOfALiveRunKeepsOutputCommit() throws Exception {
        final Path log = Files.createTempFile("hac-events", ".ndjson");
        try (Pair pair = new Pair(LiveOptions.defaults())) {
            pair.logTo(log).primaryInProcess(LiveOptions.defaults(), "").clients(2).awaitAnswers(5);
            pair.assertClientsSawNoLostAnswer(5);
        }
        final EventLogCheck.Checked checked = EventLogCheck.assertOutputCommit(log);
        final JsonNode params = checked.params();
        assertThat(params.get("CkptVMs")).isNotEmpty();
        assertThat(params.get("Cap").asInt()).isEqualTo(LiveOptions.defaults().limits().maxFrames());
        assertThat(params.get("Policy").asText()).isEqualTo("strict");
        assertThat(checked.steps()).isGreaterThan(20);
        assertThat(checked.framesChecked()).isPositive();
        assertThat(checked.actions()).containsKeys("VmEmit", "HacStartCheckpoint", "SecondaryApply", "PrimaryReceiveAck", "NicTransmit");
    }
}
