package dev.hac.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.spec.tla.TlaValueParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TLC's -tool output as seen from TLC 2.18, fed line by line without running TLC. */
class TlcOutputTest {

    private final List<Progress> progress = new ArrayList<>();
    private final TlcOutput out = new TlcOutput("M", new CheckListener() {
        @Override
        public void progress(final Progress p) {
            progress.add(p);
        }
    }, TlaValueParser.standard().withFunctionDomain(List.of("c1")));

    private void feed(final String text) {
        text.lines().forEach(out::accept);
    }

    @Test
    void readsProgressWithTlcsRateAndDepth() {
        feed("@!@!@STARTMSG 2200:0 @!@!@\nProgress(17) at 2026-11-25 09:31:11: 1,200 states generated (6,000 s/min), "
                + "700 distinct states found (1,065 ds/min), 30 states left on queue.\n@!@!@ENDMSG 2200 @!@!@");
        assertThat(progress).containsExactly(new Progress(1200, 700, 30, 17, 100.0, true));
        assertThat(out.depth).isEqualTo(17);
    }

    @Test
    void aPollHandledAfterTheFinalCountsDoesNotReplaceThem() {
        out.polled(3, 2, 1, 1);
        feed("@!@!@STARTMSG 2199:0 @!@!@\n12 states generated, 7 distinct states found, 0 states left on queue.\n"
                + "@!@!@ENDMSG 2199 @!@!@");
        out.polled(3, 2, 1, 1); // taken before the end, read from stderr after stdout's final counts
        assertThat(out.distinctStates).isEqualTo(7);
        assertThat(out.statesGenerated).isEqualTo(12);
    }

    @Test
    void readsALassoWithItsBackEdge() {
        feed(String.join("\n",
                "@!@!@STARTMSG 2116:1 @!@!@", "Temporal properties were violated.", "", "@!@!@ENDMSG 2116 @!@!@",
                "@!@!@STARTMSG 2217:4 @!@!@", "1: <Initial predicate>", "/\\ acked = (c1 :> 0)", "/\\ x = 0", "",
                "@!@!@ENDMSG 2217 @!@!@",
                "@!@!@STARTMSG 2217:4 @!@!@", "2: <Ack(v) line 3, col 1 to line 4, col 9 of module Spec>",
                "/\\ acked = [c1 |-> 1]", "/\\ x = 1", "@!@!@ENDMSG 2217 @!@!@",
                "@!@!@STARTMSG 2122:4 @!@!@", "1: Back to state: <Reset line 5, col 1 to line 5, col 9 of module Spec>",
                "@!@!@ENDMSG 2122 @!@!@"));
        assertThat(out.violation).isEqualTo(Outcome.PROPERTY_VIOLATED);
        assertThat(out.property).isNull();
        assertThat(out.states()).extracting(TraceState::action).containsExactly(TraceState.INITIAL, "Ack");
        assertThat(out.states().get(1).location()).isEqualTo("line 3, col 1 to line 4, col 9 of module Spec");
        assertThat(out.states().get(1).variables().get("acked").toString()).isEqualTo("{\"#map\":[[\"c1\",1]]}");
        assertThat(out.loopIndex).isZero();
        assertThat(out.loopAction).isEqualTo("Reset");
        assertThat(out.errors()).isEmpty();
    }

    @Test
    void readsAnErrorMessageThatStartsMidLineInsideAnother() {
        feed(String.join("\n", "@!@!@STARTMSG 1000:1 @!@!@", "The exception was a tlc2.tool.ConfigFileException",
                ": @!@!@STARTMSG 5006:0 @!@!@", "TLC found an error in the configuration file at line 5",
                "@!@!@ENDMSG 5006 @!@!@", "@!@!@ENDMSG 1000 @!@!@"));
        assertThat(out.errors()).singleElement().asString().contains("ConfigFileException");
    }

    @Test
    void keepsSanysUnwrappedErrorsOnceWithoutProgressNoise() {
        feed("Parsing file /x/A.tla\nSemantic errors:\nUnknown operator: `Limt'.\nSemantic errors:\n"
                + "Unknown operator: `Limt'.\nSemantic processing of module A\n");
        assertThat(out.plainText()).isEqualTo("Semantic errors:\nUnknown operator: `Limt'.\n");
        final List<String> lines = new ArrayList<>(List.of("a", "b", "a", "b", "c", "c", "c", "d"));
        TlcOutput.dropRepeatedBlocks(lines);
        assertThat(lines).containsExactly("a", "b", "c", "d");
    }
}
