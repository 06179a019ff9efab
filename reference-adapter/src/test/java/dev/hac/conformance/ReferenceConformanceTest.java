package dev.hac.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.adapter.ReferenceAdapter;
import dev.hac.spec.Model;
import dev.hac.spec.ModelRepository;
import dev.hac.spec.Scratch;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReferenceConformanceTest {

    /** The conformance suite's own hand-written trace. */
    private static final Path EMIT = Path.of("..", "conformance", "src", "test", "resources", "traces", "emit.itf.json");

    private static Scratch scratch;
    private static TraceGenerator.Generation generation;

    @BeforeAll
    static void generate() throws Exception {
        scratch = Scratch.create(Path.of("target", "hac", "test"), "conformance");
        final Model model = ModelRepository.embedded().model("MC_conformance", scratch);
        generation = TraceGenerator.generate(model, scratch, 50, 200, 1, System.out::println);
    }

    @AfterAll
    static void clean() {
        scratch.close();
    }

    @Test
    void referenceImplementationFollowsEveryEdgeOfTheConformanceModel() {
        final Replayer replayer = new Replayer(new ReferenceAdapter(), generation.graph(), Replayer.Listener.NONE);
        final List<Divergence> divergences = replayer.replay(generation.all());
        System.out.println(replayer.coverage().table());
        divergences.stream().limit(3).forEach(d -> System.out.println(d.describe()));
        assertThat(divergences).isEmpty();
        assertThat(replayer.coverage().edgesCovered()).isEqualTo(generation.graph().edges().size());
        assertThat(replayer.coverage().statesCovered()).isEqualTo(generation.graph().nodes().size());
    }

    @Test
    void theReferenceImplementationReplaysTheHandWrittenTrace() throws Exception {
        assertThat(new Replayer(new ReferenceAdapter(), null, Replayer.Listener.NONE)
                .replay(List.of(ConformanceTrace.read(EMIT)))).isEmpty();
    }
}
