package dev.hac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hac.adapter.ReferenceAdapter;
import dev.hac.conformance.SystemUnderTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Exit codes and messages of hac conform and hac validate. */
class ConformValidateCommandTest {

    private static final Path TRACE = Path.of("..", "conformance", "src", "test", "resources", "traces", "emit.itf.json");
    /** Header, an emit, and a transmit with nothing queued: TLC accepts the first two lines, not the third. */
    private static final Path LOG = Path.of("..", "conformance", "src", "test", "resources", "logs", "emit-send.ndjson");

    private static final Path TRACES = TRACE.getParent();
    /** Quint's own output: no params, so the constants of MC_default come by --param. */
    private static final String[] MC_DEFAULT = {"--param", "CkptVMs={c1,c2}", "--param", "PlainVMs={p1}",
        "--param", "Cap=2", "--param", "Policy=strict", "--param", "K=1", "--param", "Overflow=backpressure"};

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int hac(final String... args) {
        return new CommandLine(Hac.class).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
    }

    /** An implementation that refuses everything. */
    public static final class Refusing implements SystemUnderTest {
        private final ReferenceAdapter real = new ReferenceAdapter();

        @Override
        public void reset(final Map<String, Object> params) {
            real.reset(params);
        }

        @Override
        public boolean apply(final String action, final Map<String, Object> args) {
            return false;
        }

        @Override
        public Map<String, Object> observe() {
            return real.observe();
        }
    }

    @Test
    void replaysGivenTracesAgainstTheReferenceImplementation() {
        assertThat(hac("conform", "--traces", TRACE.toString(), "--report", dir.resolve("r.json").toString())).isZero();
        assertThat(out.toString()).contains("no divergence").contains("VmEmit");
        assertThat(dir.resolve("r.json")).content().contains("\"steps\" : 2");
    }

    @Test
    void generatedConformanceReportsTheSimulatedBehavioursApart() throws Exception {
        final Path report = dir.resolve("r.json");
        assertThat(hac("conform", "--walks", "0", "--simulate", "4", "--seed", "3", "--report", report.toString()))
                .isZero();
        assertThat(err.toString()).contains("MC_simulate: 4 behaviours by TLC -simulate");
        assertThat(out.toString()).contains("TLC -simulate behaviours of MC_simulate:").contains("no divergence");
        final JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/coverage/edges/covered").asInt()).isEqualTo(json.at("/coverage/edges/total").asInt());
        assertThat(json.at("/simulation/traces").asInt()).isEqualTo(4);
        assertThat(json.at("/simulation/maxDepth").asInt()).isGreaterThan(30);
    }

    private String[] conform(final Path traces, final String... more) {
        final List<String> args = new java.util.ArrayList<>(List.of("conform", "--traces", traces.toString(),
                "--scratch", dir.resolve("s").toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void replaysAQuintTraceAsWrittenWithConstantsByParamAndWarnsThatItCannotCoverAnotherModel() throws Exception {
        final Path report = dir.resolve("r.json");
        final List<String> args = new java.util.ArrayList<>(List.of(MC_DEFAULT));
        args.addAll(List.of("--model", "MC_conformance", "--report", report.toString()));
        assertThat(hac(conform(TRACES.resolve("quint"), args.toArray(String[]::new)))).isZero();
        assertThat(err.toString()).contains("TLC labelled 1 steps that named no action or arguments")
                .contains("warning: 1 of 1 traces have constants other than MC_conformance's");
        assertThat(out.toString()).contains("PrimaryDetectSecondaryLoss  1").contains("no divergence");
        final JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/coverage/tracesWithOtherConstants").asInt()).isEqualTo(1);
        assertThat(json.at("/coverage/edges/covered").asInt()).isZero();
    }

    @Test
    void constantsMissingOrGivenTwoWaysDifferentlyAreBadInput() {
        assertThat(hac(conform(TRACES.resolve("quint")))).isEqualTo(2);
        assertThat(err.toString()).contains("MC_default_27.itf.json: at $.params")
                .contains("no value for [CkptVMs, PlainVMs, Cap, Policy, K, Overflow]");
        assertThat(hac(conform(TRACE, "--param", "Cap=2"))).isEqualTo(2);
        assertThat(err.toString()).contains("emit.itf.json: at $.states[0].Cap").contains("must agree");
        assertThat(hac("conform", "--param", "Cap=2")).isEqualTo(2);
        assertThat(err.toString()).contains("--param gives the constants of --traces");
    }

    @Test
    void aStateOnlyTraceThatIsNotABehaviourOfTheSpecFailsNamingTheStep() throws Exception {
        final JsonNode root = new ObjectMapper().readTree(TRACES.resolve("state-only.itf.json").toFile());
        ((com.fasterxml.jackson.databind.node.ArrayNode) root.get("states").get(4).get("wire")).addObject()
                .put("vm", "p1").put("seq", 7);
        final Path edited = dir.resolve("edited.itf.json");
        new ObjectMapper().writeValue(edited.toFile(), root);
        assertThat(hac(conform(edited, "--param", "CkptVMs={c1}", "--param", "PlainVMs={p1}", "--param", "Cap=1",
                "--param", "Policy=bypass", "--param", "K=1", "--param", "Overflow=drop"))).isEqualTo(1);
        assertThat(out.toString()).contains("NOT A BEHAVIOUR OF THE SPEC").contains("edited.itf.json: step 4");
    }

    @Test
    void aNegativeSimulationCountIsBadInput() {
        assertThat(hac("conform", "--simulate", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--simulate must be >= 0");
    }

    @Test
    void aRefusedStepIsADivergenceWithExitOne() {
        assertThat(hac("conform", "--traces", TRACE.toString(), "--adapter", Refusing.class.getName())).isEqualTo(1);
        assertThat(out.toString()).contains("step 1 VmEmit(v = \"c1\")").contains("refused");
    }

    @Test
    void badTracesAndAdaptersAreBadInput() throws Exception {
        final Path bad = Files.writeString(dir.resolve("bad.itf.json"),
                Files.readString(TRACE).replace("\"mbt::actionTaken\": \"VmEmit\"", "\"mbt::actionTaken\": 7"));
        assertThat(hac("conform", "--traces", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("bad.itf.json").contains("$.states[1].mbt::actionTaken");
        assertThat(hac("conform", "--traces", TRACE.toString(), "--adapter", "no.such.Adapter")).isEqualTo(2);
        assertThat(err.toString()).contains("no.such.Adapter");
        assertThat(hac("conform", "--traces", TRACE.toString(), "--adapter", String.class.getName())).isEqualTo(2);
        assertThat(err.toString()).contains("does not implement");
    }

    @Test
    void validateAcceptsRejectsAndNamesBadLines() throws Exception {
        final List<String> lines = Files.readAllLines(LOG);
        final Path good = Files.write(dir.resolve("good.ndjson"), lines.subList(0, 2));
        assertThat(hac("validate", "--trace", good.toString(), "--scratch", dir.resolve("s").toString())).isZero();
        assertThat(out.toString()).contains("accepted");

        final Path rejected = Files.write(dir.resolve("rejected.ndjson"), lines);
        assertThat(hac("validate", "--trace", rejected.toString(), "--scratch", dir.resolve("s").toString())).isEqualTo(1);
        assertThat(out.toString()).contains("REJECTED: " + rejected + ":3").contains("NicTransmit");

        final Path malformed = Files.write(dir.resolve("malformed.ndjson"), List.of(lines.get(0), lines.get(1).replace("\"step\": 1", "\"step\": \"one\"")));
        assertThat(hac("validate", "--trace", malformed.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("malformed.ndjson:2: field step");

        final Path stray = Files.write(dir.resolve("stray.ndjson"), List.of(lines.get(0),
                lines.get(1).replace("{\"v\": \"c1\"}", "{\"v\": \"c1\", \"x y\": 0.5}")));
        assertThat(hac("validate", "--trace", stray.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("stray.ndjson:2: field args.x y: VmEmit takes only the argument v");

        assertThat(hac("validate", "--trace", good.toString(), "--param", "Cap=[")).isEqualTo(2);
        assertThat(err.toString()).contains("--param Cap=[");
    }
}
