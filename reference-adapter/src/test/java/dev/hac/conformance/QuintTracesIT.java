package dev.hac.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.adapter.ReferenceAdapter;
import dev.hac.spec.Scratch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Quint (0.33.1, installed from npm by {@code npm ci} in spec/quint, as .ci/run does)
 * draws fresh traces from the contract's Quint model spec/quint/OutputCommit.qnt under two
 * configurations; the conformance suite reads them as Quint wrote them (constants given
 * beside, as {@code hac conform --param} does), TLC labels the steps Quint does not name
 * fully, and the reference implementation must follow every step. An implementation that
 * keeps its NIC's contents across a crash must be caught by the same traces.
 * <p>
 * Without Quint the test is skipped, saying why; under CI (environment variable {@code CI}
 * set, or {@code -Dhac.requireQuint}) a missing Quint fails it.
 */
class QuintTracesIT {

    private static final Path QUINT_DIR = Path.of("..", "spec", "quint");
    private static final Path QUINT = QUINT_DIR.resolve(Path.of("node_modules", ".bin", "quint"));
    private static final int TRACES = 60;
    private static final int STEPS = 30;
    private static final int SEED = 11;

    /** Instance module in OutputCommit.qnt -> the constants it imports OutputCommit with, as --param gives them. */
    private static final Map<String, Map<String, String>> CONFIGURATIONS = Map.of(
            "MC_conformance", Map.of("CkptVMs", "{c1}", "PlainVMs", "{p1}", "Cap", "1", "Policy", "bypass", "K", "1",
                    "Overflow", "drop"),
            "MC_default", Map.of("CkptVMs", "{c1, c2}", "PlainVMs", "{p1}", "Cap", "2", "Policy", "strict", "K", "1",
                    "Overflow", "backpressure"));

    @TempDir
    Path dir;

    @Test
    void quintsOwnTracesReplayAsWrittenAndCatchAFaultyImplementation() throws Exception {
        requireQuint();
        final long start = System.nanoTime();
        final Map<String, Process> runs = new LinkedHashMap<>();
        for (final String module : CONFIGURATIONS.keySet()) {
            runs.put(module, quint(module));
        }
        for (final Map.Entry<String, Process> run : runs.entrySet()) {
            if (!run.getValue().waitFor(5, TimeUnit.MINUTES)) {
                run.getValue().destroyForcibly();
                fail("quint run --main " + run.getKey() + " did not finish within 5 minutes");
            }
            assertThat(run.getValue().exitValue()).as("quint run --main %s (output in %s)", run.getKey(),
                    dir.resolve(run.getKey() + ".log")).isZero();
        }
        final double quintSeconds = (System.nanoTime() - start) / 1e9;

        final List<ConformanceTrace> all = new ArrayList<>();
        int labelled = 0;
        double tlcSeconds = 0;
        try (Scratch scratch = Scratch.create(dir, "label")) {
            for (final Map.Entry<String, Map<String, String>> c : CONFIGURATIONS.entrySet()) {
                final Map<String, JsonNode> given = ModelConstants.parse(c.getValue());
                final StepLabeller.Result read = StepLabeller.read(dir.resolve(c.getKey()), given, scratch, line -> { });
                assertThat(read.unrelated()).as("steps of Quint's traces that no step of OutputCommit relates").isEmpty();
                assertThat(read.traces()).hasSize(TRACES);
                all.addAll(read.traces());
                labelled += read.labelled();
                tlcSeconds += read.tlcTime().toMillis() / 1000.0;
            }
        }
        // PrimaryDetectSecondaryLoss carries no order in Quint's picks: TLC labels it.
        assertThat(labelled).isPositive();

        final Replayer replayer = new Replayer(new ReferenceAdapter(), null, Replayer.Listener.NONE);
        assertThat(replayer.replay(all)).as("divergences of the reference implementation").isEmpty();
        final Coverage c = replayer.coverage();
        assertThat(c.steps()).isGreaterThan(TRACES);
        System.out.printf(Locale.ROOT, "Quint traces: %d (2 configurations), %d steps, %d labelled by TLC; quint %.1f s, "
                + "TLC labelling %.1f s, replay %.1f s; no divergence%n", c.traces(), c.steps(), labelled, quintSeconds,
                tlcSeconds, c.seconds());

        final Replayer faulty = new Replayer(new MutantAdapters.KeepsNicContentsAcrossCrash(), null,
                Replayer.Listener.NONE);
        assertThat(faulty.replay(all)).as("traces that catch an implementation keeping the NIC's contents across a "
                + "crash").isNotEmpty().allSatisfy(d -> assertThat(d.action()).isEqualTo("PrimaryCrash"));
    }

    private Process quint(final String module) throws IOException {
        final Path out = Files.createDirectories(dir.resolve(module));
        return new ProcessBuilder(QUINT.toAbsolutePath().toString(), "run", "--backend", "typescript",
                "--main", module, "--invariant", "OutputCommitHolds", "--mbt",
                "--out-itf", out.resolve(module + "_{seq}.itf.json").toString(),
                "--n-traces", Integer.toString(TRACES), "--max-samples", Integer.toString(TRACES),
                "--max-steps", Integer.toString(STEPS), "--seed", Integer.toString(SEED),
                QUINT_DIR.resolve("OutputCommit.qnt").toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(module + ".log").toFile()).start();
    }

    /** Skips without Quint, unless CI requires it. */
    private static void requireQuint() {
        if (Files.isExecutable(QUINT)) {
            return;
        }
        final String why = "Quint is not installed at " + QUINT.normalize() + " (run 'npm ci' in spec/quint; "
                + ".ci/run does)";
        if (System.getenv("CI") != null || Boolean.getBoolean("hac.requireQuint")) {
            fail(why + ", and under CI this test must run");
        }
        System.out.println("QuintTracesIT skipped: " + why);
        Assumptions.abort(why);
    }
}
