package dev.hac.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    private static final ObjectMapper JSON = new ObjectMapper();
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
        for (final long seed : new long[] {1, 2, 3}) {
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
        int edited = -1;
        for (int i = 1; i < lines.size(); i++) {
            final ObjectNode line = (ObjectNode) JSON.readTree(lines.get(i));
            final ObjectNode state = (ObjectNode) line.get("state");
            final ArrayNode buf = (ArrayNode) state.get("buf").get("c1");
            if (line.get("action").asText().equals("VmEmit") && line.get("args").get("v").asText().equals("c1")
                    && state.get("mode").asText().equals("protected") && buf.size() > 0) {
                // The frame just emitted jumps the buffer: out before its checkpoint is applied.
                final ObjectNode frame = (ObjectNode) buf.remove(buf.size() - 1);
                ((ArrayNode) state.get("txHigh")).addObject().put("vm", "c1").put("seq", frame.get("seq").asInt());
                lines.set(i, JSON.writeValueAsString(line));
                edited = i + 1;
                lines.subList(i + 1, lines.size()).clear();
                break;
            }
        }
        assertThat(edited).as("the log has a buffered emit to edit").isPositive();
        final Path bad = Files.write(scratch.dir("logs").resolve("bad.ndjson"), lines);

        final TraceValidator.Verdict v = TraceValidator.validate(EventLog.read(bad, Map.of()), scratch, s -> { });

        assertThat(v.accepted()).isFalse();
        assertThat(v.firstUnmatched().lineNo()).isEqualTo(edited);
        assertThat(v.matched()).isEqualTo(edited - 2);
    }
}
