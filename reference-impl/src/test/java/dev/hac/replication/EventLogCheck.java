package dev.hac.replication;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hac.vocabulary.Action;
import dev.hac.vocabulary.FencingEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a live primary's NDJSON event log line by line: steps numbered from 1, known actions (and fencing
 * events), all 13 variables,
 * and OutputCommit: while protected, every frame of a checkpointing VM in {@code txHigh} or on the {@code wire}
 * has {@code seq <= committed[v].seq}. The primary stays alive in most fault scenarios, so its clients cannot
 * notice a frame released too early; its log can.
 */
final class EventLogCheck {

    /** What the log held: its {@code params} header, the actions by count, and how many protected frames were checked. */
    record Checked(JsonNode params, Map<String, Integer> actions, int steps, long framesChecked) {
    }

    private EventLogCheck() {
    }

    static Checked assertOutputCommit(final Path file) throws IOException {
        final ObjectMapper json = new ObjectMapper();
        final List<String> all = Files.readAllLines(file);
        assertThat(all).as("event log " + file).isNotEmpty();
        final JsonNode params = json.readTree(all.get(0)).get("params");
        assertThat(params).as("params header").isNotNull();
        final List<String> lines = all.subList(1, all.size());
        long step = 0;
        long framesChecked = 0;
        final Map<String, Integer> actions = new HashMap<>();
        for (final String line : lines) {
            final JsonNode n = json.readTree(line);
            assertThat(n.get("step").asLong()).isEqualTo(++step);
            // A fenced primary's claims, lease expiries, heals and halt are fencing lines with the same state.
            final String action = n.has("fencing") ? n.get("fencing").asText() : n.get("action").asText();
            assertThat(n.has("fencing") ? FencingEvent.NAMES : Action.NAMES).contains(action);
            actions.merge(action, 1, Integer::sum);
            final JsonNode s = n.get("state");
            assertThat(s.size()).isEqualTo(13);
            if (s.get("mode").asText().equals("protected")) {
                for (final String queue : List.of("txHigh", "wire")) {
                    for (final JsonNode f : s.get(queue)) {
                        final JsonNode committed = s.get("committed").get(f.get("vm").asText());
                        if (committed != null) {
                            framesChecked++;
                            assertThat(f.get("seq").asInt()).as("OutputCommit at step %d (%s after %s) in %s", step, queue, action, file)
                                    .isLessThanOrEqualTo(committed.get("seq").asInt());
                        }
                    }
                }
            }
        }
        return new Checked(params, actions, lines.size(), framesChecked);
    }
}
