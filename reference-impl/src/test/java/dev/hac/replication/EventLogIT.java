package dev.hac.replication;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hac.host.Lockstep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLogIT {

    @Test
    void everyLoggedStateOfALiveRunKeepsOutputCommit() throws Exception {
        final Path log = Files.createTempFile("hac-events", ".ndjson");
        try (Pair pair = new Pair(LiveOptions.defaults())) {
            pair.logTo(log).primaryInProcess(LiveOptions.defaults(), "").clients(2);
            Pair.sleep(400);
            pair.assertClientsSawNoLostAnswer(5);
        }
        final ObjectMapper json = new ObjectMapper();
        final List<String> all = Files.readAllLines(log);
        final JsonNode params = json.readTree(all.get(0)).get("params");
        assertThat(params.get("CkptVMs")).isNotEmpty();
        assertThat(params.get("Cap").asInt()).isEqualTo(LiveOptions.defaults().limits().maxFrames());
        assertThat(params.get("Policy").asText()).isEqualTo("strict");
        final List<String> lines = all.subList(1, all.size());
        assertThat(lines).hasSizeGreaterThan(20);
        long step = 0;
        final Map<String, Integer> actions = new HashMap<>();
        for (final String line : lines) {
            final JsonNode n = json.readTree(line);
            assertThat(n.get("step").asLong()).isEqualTo(++step);
            final String action = n.get("action").asText();
            assertThat(Lockstep.ACTIONS).contains(action);
            actions.merge(action, 1, Integer::sum);
            final JsonNode s = n.get("state");
            assertThat(s.size()).isEqualTo(13);
            if (s.get("mode").asText().equals("protected")) {
                for (final String queue : List.of("txHigh", "wire")) {
                    for (final JsonNode f : s.get(queue)) {
                        final JsonNode committed = s.get("committed").get(f.get("vm").asText());
                        if (committed != null) {
                            assertThat(f.get("seq").asInt()).as("OutputCommit at step %d (%s)", step, queue)
                                    .isLessThanOrEqualTo(committed.get("seq").asInt());
                        }
                    }
                }
            }
        }
        assertThat(actions).containsKeys("VmEmit", "HacStartCheckpoint", "SecondaryApply", "PrimaryReceiveAck", "NicTransmit");
    }
}
