package dev.hac.examples.cnic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.cli.Hac;
import dev.hac.conformance.Adapters;
import dev.hac.conformance.ConformanceTrace;
import dev.hac.conformance.Divergence;
import dev.hac.conformance.ProcessAdapter;
import dev.hac.conformance.Replayer;
import dev.hac.conformance.SystemUnderTest;
import dev.hac.conformance.TraceGenerator;
import dev.hac.spec.ModelRepository;
import dev.hac.spec.Scratch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The C implementation (built by cc in pre-integration-test) against every edge of
 * MC_conformance's state graph, through the process adapter; and the build with the
 * deliberate fault, caught.
 */
class CNicConformanceIT {

    private static final Path C_NIC = Path.of("target", "c-nic");
    private static final Path RELEASE_OPEN_EPOCH = Path.of("target", "c-nic-release-open-epoch");

    private static Scratch scratch;
    private static TraceGenerator.Generation generation;

    @BeforeAll
    static void generate() throws Exception {
        scratch = Scratch.create(Path.of("target", "hac", "test"), "c-nic");
        generation = TraceGenerator.generate(ModelRepository.embedded().model("MC_conformance", scratch), scratch,
                20, 200, 1, System.out::println);
    }

    @AfterAll
    static void clean() {
        scratch.close();
    }

    private static SystemUnderTest child(final Path binary) {
        return Adapters.process(binary.toString(), ProcessAdapter.DEFAULT_TIMEOUT, System.err::println);
    }

    @Test
    void theCImplementationFollowsEveryEdgeOfTheConformanceModel() {
        try (SystemUnderTest sut = child(C_NIC)) {
            final Replayer replayer = new Replayer(sut, generation.graph(), Replayer.Listener.NONE);
            final List<Divergence> divergences = replayer.replay(generation.all());
            System.out.println(replayer.coverage().table());
            divergences.stream().limit(1).forEach(d -> System.out.println(d.describe()));
            assertThat(divergences).isEmpty();
            assertThat(replayer.coverage().edgesCovered()).isEqualTo(generation.graph().edges().size());
            assertThat(replayer.coverage().statesCovered()).isEqualTo(generation.graph().nodes().size());
            assertThat(replayer.coverage().unchecked()).isEmpty();
        }
    }

    @Test
    void aBuildThatReleasesTheOpenEpochIsCaughtAtTheReleaseAndExitsOne() throws Exception {
        final Divergence first;
        try (SystemUnderTest sut = child(RELEASE_OPEN_EPOCH)) {
            final List<Divergence> divergences = new Replayer(sut, generation.graph(), Replayer.Listener.NONE)
                    .failFast(true).replay(generation.all());
            assertThat(divergences).hasSize(1);
            first = divergences.get(0);
        }
        System.out.println(first.describe());
        assertThat(first.action()).isEqualTo("PrimaryReceiveAck");
        assertThat(first.kind()).isEqualTo(Divergence.Kind.STATE);
        assertThat(first.diffs()).extracting(Divergence.VariableDiff::variable).contains("txHigh", "buf");

        // The same trace through the command: exit 1 for the faulty build, 0 for the real one.
        final Path dir = Files.createDirectories(Path.of("target", "c-nic-diverging"));
        final ConformanceTrace diverging = generation.all().stream().filter(t -> t.source().equals(first.trace()))
                .findFirst().orElseThrow();
        TraceGenerator.write(List.of(diverging), dir);
        final StringWriter out = new StringWriter();
        assertThat(conform(out, dir, RELEASE_OPEN_EPOCH)).isEqualTo(Hac.FAILED);
        assertThat(out.toString()).contains("DIVERGENCE").contains("PrimaryReceiveAck");
        assertThat(conform(new StringWriter(), dir, C_NIC)).isEqualTo(Hac.OK);
    }

    private static int conform(final StringWriter out, final Path traces, final Path binary) {
        final StringWriter err = new StringWriter();
        final int exit = new CommandLine(Hac.class).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("conform", "--traces", traces.toString(), "--adapter-cmd", binary.toString());
        System.out.print(out);
        System.out.print(err);
        return exit;
    }
}
