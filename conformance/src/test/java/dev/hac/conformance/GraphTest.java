package dev.hac.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hac.spec.itf.ItfFormatException;
import dev.hac.vocabulary.ItfValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DOT reader, argument recovery and path cover on small hand-written graphs in TLC's
 * format (states with two checkpointing VMs, so arguments are not trivially "the only VM").
 */
class GraphTest {

    @TempDir
    Path dir;

    private static ModelConstants constants() throws ItfFormatException {
        final var json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        final Map<String, com.fasterxml.jackson.databind.JsonNode> p = new java.util.LinkedHashMap<>();
        p.put("CkptVMs", json.objectNode().set("#set", json.arrayNode().add("c1").add("c2")));
        p.put("PlainVMs", json.objectNode().set("#set", json.arrayNode().add("p1")));
        p.put("Cap", json.numberNode(2));
        p.put("Policy", json.textNode("strict"));
        p.put("K", json.numberNode(1));
        p.put("Overflow", json.textNode("drop"));
        return ModelConstants.of(p, "test", "$");
    }

    /** A state as TLC prints it in a DOT label (escaped). */
    private static String label(final int c1, final int c2, final String buf1, final String buf2, final String txHigh,
                                final boolean secondaryUp, final String mode) {
        return ("/\\\\ epoch = (c1 :> 1 @@ c2 :> 1)\\n/\\\\ wire = <<>>\\n/\\\\ mode = \\\"" + mode + "\\\"\\n"
                + "/\\\\ vmSeq = (c1 :> " + c1 + " @@ c2 :> " + c2 + " @@ p1 :> 0)\\n/\\\\ txHigh = " + txHigh + "\\n"
                + "/\\\\ inflight = (c1 :> [epoch |-> 0, seq |-> 0] @@ c2 :> [epoch |-> 0, seq |-> 0])\\n"
                + "/\\\\ secondaryUp = " + (secondaryUp ? "TRUE" : "FALSE") + "\\n"
                + "/\\\\ buf = (c1 :> " + buf1 + " @@ c2 :> " + buf2 + ")\\n"
                + "/\\\\ committed = (c1 :> [epoch |-> 0, seq |-> 0] @@ c2 :> [epoch |-> 0, seq |-> 0])\\n"
                + "/\\\\ acked = (c1 :> 0 @@ c2 :> 0)\\n/\\\\ txNormal = <<>>\\n/\\\\ primaryUp = TRUE\\n/\\\\ highStreak = 0");
    }

    private Path dot(final String... statements) throws IOException {
        return Files.writeString(dir.resolve("g.dot"), "strict digraph DiskGraph {\nnodesep=0.35;\nsubgraph cluster_graph {\n"
                + "color=\"white\";\n" + String.join("\n", statements) + "\n}\n"
                + "subgraph cluster_legend {graph[style=bold];label = \"Next State Actions\" style=\"solid\"\n"
                + "VmEmit [label=\"VmEmit\",fillcolor=2]\n}}\n");
    }

    private static final String F1 = "<<[epoch |-> 1, seq |-> 1]>>";

    private Path emitsAndLoss() throws IOException {
        return dot(
                "1 [label=\"" + label(0, 0, "<<>>", "<<>>", "<<>>", true, "protected") + "\",style = filled]",
                "1 -> 2 [label=\"VmEmit\",color=\"black\",fontcolor=\"black\"];",
                "2 [label=\"" + label(0, 1, "<<>>", F1, "<<>>", true, "protected") + "\"];",
                "1 -> 3 [label=\"VmEmit\",color=\"black\",fontcolor=\"black\"];",
                "3 [label=\"" + label(1, 0, F1, "<<>>", "<<>>", true, "protected") + "\"];",
                "3 -> 4 [label=\"VmEmit\",color=\"black\",fontcolor=\"black\"];",
                "2 -> 4 [label=\"VmEmit\",color=\"black\",fontcolor=\"black\"];",
                "4 [label=\"" + label(1, 1, F1, F1, "<<>>", true, "protected") + "\"];",
                "4 -> 5 [label=\"SecondaryCrash\",color=\"black\",fontcolor=\"black\"];",
                "4 -> 5 [label=\"SecondaryCrash\",color=\"black\",fontcolor=\"black\"];",
                "5 [label=\"" + label(1, 1, F1, F1, "<<>>", false, "protected") + "\"];",
                "5 -> 6 [label=\"PrimaryDetectSecondaryLoss\",color=\"black\",fontcolor=\"black\"];",
                "6 [label=\"" + label(1, 1, "<<>>", "<<>>", "<<[vm |-> c2, seq |-> 1], [vm |-> c1, seq |-> 1]>>", false,
                        "unprotected") + "\"];");
    }

    @Test
    void readsStatesEdgesAndArgumentsAndSkipsTheLegendAndRepeatedEdges() throws Exception {
        final StateGraph g = DotGraphReader.read(emitsAndLoss(), constants());
        assertThat(g.nodes()).hasSize(6);
        assertThat(g.initial()).extracting(StateGraph.Node::fingerprint).containsExactly(1L);
        assertThat(g.edges()).hasSize(6);
        assertThat(g.edges()).extracting(e -> e.action() + ItfValues.showArgs(e.picks())).containsExactly(
                "VmEmit(v = \"c2\")", "VmEmit(v = \"c1\")", "VmEmit(v = \"c2\")", "VmEmit(v = \"c1\")", "SecondaryCrash",
                "PrimaryDetectSecondaryLoss(order = <<\"c2\", \"c1\">>)");
        assertThat(g.nodes().get(1L).variables().get("vmSeq").has("#map")).isTrue();
    }

    @Test
    void theOrderOfALossWithEmptyBuffersPutsThemLastSorted() throws Exception {
        final Map<String, com.fasterxml.jackson.databind.JsonNode> from = DotGraphReader.read(emitsAndLoss(), constants())
                .nodes().get(3L).variables();
        final Map<String, com.fasterxml.jackson.databind.JsonNode> to = new java.util.HashMap<>(from);
        to.put("txHigh", new com.fasterxml.jackson.databind.ObjectMapper().readTree("[{\"vm\":\"c1\",\"seq\":1}]"));
        assertThat(ItfValues.showArgs(StepArguments.recover("PrimaryDetectSecondaryLoss", from, to, constants())))
                .isEqualTo("(order = <<\"c1\", \"c2\">>)");
    }

    @Test
    void aStepThatNoArgumentExplainsIsAnError() throws Exception {
        final Path bad = dot(
                "1 [label=\"" + label(0, 0, "<<>>", "<<>>", "<<>>", true, "protected") + "\",style = filled]",
                "1 -> 2 [label=\"VmEmit\",color=\"black\",fontcolor=\"black\"];",
                "2 [label=\"" + label(1, 1, F1, F1, "<<>>", true, "protected") + "\"];");
        assertThatThrownBy(() -> DotGraphReader.read(bad, constants())).isInstanceOf(IOException.class)
                .hasMessageContaining("VmEmit must change vmSeq at exactly one VM, but it changed at [c1, c2]");
        final Path unknown = dot(
                "1 [label=\"" + label(0, 0, "<<>>", "<<>>", "<<>>", true, "protected") + "\",style = filled]",
                "1 -> 2 [label=\"VmEmit\",color=\"black\",fontcolor=\"black\"];");
        assertThatThrownBy(() -> DotGraphReader.read(unknown, constants())).isInstanceOf(IOException.class)
                .hasMessageContaining("names a state the file does not define");
    }

    @Test
    void theCoverTakesEveryEdgeWithTheFewestPaths() throws Exception {
        final StateGraph g = DotGraphReader.read(emitsAndLoss(), constants());
        final Paths.Cover cover = Paths.edgeCover(g);
        final Set<StateGraph.Edge> taken = new HashSet<>();
        cover.paths().forEach(p -> taken.addAll(p.edges()));
        assertThat(taken).containsExactlyInAnyOrderElementsOf(g.edges());
        // Two ways into state 4, one way out: two paths, no fewer.
        assertThat(cover.paths()).hasSize(2);
        assertThat(cover.fewest()).isTrue();
        for (final Paths.Path p : cover.paths()) {
            assertThat(p.start()).isEqualTo(g.initial().get(0));
            for (int i = 1; i < p.edges().size(); i++) {
                assertThat(p.edges().get(i).from()).isEqualTo(p.edges().get(i - 1).to());
            }
        }
    }

    @Test
    void randomWalksRepeatForTheSameSeedAndFollowEdges() throws Exception {
        final StateGraph g = DotGraphReader.read(emitsAndLoss(), constants());
        final List<Paths.Path> a = Paths.randomWalks(g, 20, 10, 42);
        assertThat(Paths.randomWalks(g, 20, 10, 42)).isEqualTo(a);
        assertThat(a).allSatisfy(p -> assertThat(p.edges()).hasSize(4));
    }
}
