package dev.hac.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogSchemaTest {

    @TempDir
    Path dir;

    @Test
    void whatTheWriterWritesTheReaderReadsBack() throws Exception {
        final Path file = dir.resolve("log.ndjson");
        try (EventLogSchema.Writer w = new EventLogSchema.Writer(file, Map.of(Constant.CAP.id(), 2))) {
            w.step(Action.VM_EMIT, Action.VM_EMIT.args("c1"), Map.of(Variable.VM_SEQ.id(), Map.of("c1", 1)));
            w.step(Action.PRIMARY_DETECT_SECONDARY_LOSS, Action.PRIMARY_DETECT_SECONDARY_LOSS.args(List.of("c1")),
                    Map.of());
            w.step(Action.NIC_TRANSMIT, Action.NIC_TRANSMIT.args(), Map.of());
        }
        final EventLogSchema.Log log = EventLogSchema.read(file);
        assertThat(log.header().lineNo()).isEqualTo(1);
        assertThat(log.header().params().get(EventLogSchema.PARAMS).get(Constant.CAP.id()).intValue()).isEqualTo(2);
        assertThat(log.steps()).extracting(EventLogSchema.Step::action)
                .containsExactly(Action.VM_EMIT, Action.PRIMARY_DETECT_SECONDARY_LOSS, Action.NIC_TRANSMIT);
        assertThat(log.steps()).extracting(EventLogSchema.Step::step).containsExactly(1L, 2L, 3L);
        assertThat(log.steps().get(0).args().get("v").textValue()).isEqualTo("c1");
        assertThat(log.steps().get(0).state().get("vmSeq").get("c1").intValue()).isEqualTo(1);
        assertThat(log.droppedLine()).isZero();
    }

    @Test
    void refusesAnArgumentTheActionDoesNotTakeNamingLineAndField() throws Exception {
        final Path file = Files.writeString(dir.resolve("bad.ndjson"),
                "{\"step\": 1, \"action\": \"" + Action.NIC_TRANSMIT.id() + "\", \"args\": {\"v\": \"c1\"}, \"state\": {}}\n");
        assertThatThrownBy(() -> EventLogSchema.read(file)).isInstanceOf(BadLogException.class)
                .hasMessageContaining(":1: field args.v: " + Action.NIC_TRANSMIT.id() + " takes no arguments");
    }

    @Test
    void refusesAnActionOutsideTheContract() throws Exception {
        final Path file = Files.writeString(dir.resolve("bad.ndjson"),
                "{\"step\": 1, \"action\": \"NicSend\", \"state\": {}}\n");
        assertThatThrownBy(() -> EventLogSchema.read(file)).isInstanceOf(BadLogException.class)
                .hasMessageContaining("field action: expected one of " + Action.NAMES);
    }

    @Test
    void dropsTheCutLastLineOfAKilledWriter() throws Exception {
        final Path file = Files.writeString(dir.resolve("cut.ndjson"),
                "{\"step\": 1, \"action\": \"" + Action.PRIMARY_CRASH.id() + "\", \"state\": {}}\n{\"step\": 2, \"act");
        final EventLogSchema.Log log = EventLogSchema.read(file);
        assertThat(log.steps()).hasSize(1);
        assertThat(log.droppedLine()).isEqualTo(2);
    }
}
