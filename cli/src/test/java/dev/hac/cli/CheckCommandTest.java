package dev.hac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.spec.itf.ItfReader;
import dev.hac.spec.itf.ItfState;
import dev.hac.spec.itf.ItfTrace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

    /** A three-state clock: {@code Small} fails in its third state, {@code InRange} holds. */
    static final String SPEC = String.join("\n",
            "---- MODULE Clock ----",
            "EXTENDS Naturals",
            "VARIABLE h",
            "Init == h = 1",
            "Next == h' = IF h = 3 THEN 1 ELSE h + 1",
            "Spec == Init /\\ [][Next]_h",
            "Small == h < 3",
            "InRange == h \\in 1..3",
            "====", "");

    @TempDir
    Path dir;
    private String out;
    private String err;

    @BeforeEach
    void writeSpec() throws IOException {
        Files.writeString(dir.resolve("Clock.tla"), SPEC);
        Files.writeString(dir.resolve("MC_ok.cfg"), "\\* holds\n\\* module: Clock\nSPECIFICATION Spec\nINVARIANT InRange\n");
        Files.writeString(dir.resolve("MC_bad.cfg"), "\\* fails\n\\* module: Clock\nSPECIFICATION Spec\nINVARIANT Small\n");
    }

    private int hac(final String... args) {
        final ByteArrayOutputStream o = new ByteArrayOutputStream();
        final ByteArrayOutputStream e = new ByteArrayOutputStream();
        final PrintStream oldOut = System.out;
        final PrintStream oldErr = System.err;
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            return Hac.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            out = o.toString(StandardCharsets.UTF_8);
            err = e.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void exitsZeroWhenEveryPropertyHolds() {
        assertThat(hac("check", "--model", dir.resolve("MC_ok.cfg").toString(), "--workers", "1")).isZero();
        assertThat(out).contains("MC_ok: PASS  (3 distinct states").contains("InRange").contains("holds");
        assertThat(err).contains("TLC started");
    }

    @Test
    void exitsOneWithACounterexampleSavedAsItf() throws Exception {
        final Path cex = dir.resolve("cex");
        assertThat(hac("check", "--model", dir.resolve("MC_bad.cfg").toString(), "--out", cex.toString())).isEqualTo(1);
        assertThat(out).contains("invariant Small VIOLATED").contains("step 2: Next").contains("h = 3");
        final List<Path> saved;
        try (Stream<Path> files = Files.list(cex)) {
            saved = files.toList();
        }
        assertThat(saved).singleElement().satisfies(p -> assertThat(p.getFileName().toString())
                .startsWith("MC_bad_Small_").endsWith(".itf.json"));
        final ItfTrace trace = ItfReader.read(saved.get(0));
        assertThat(trace.states()).hasSize(3);
        assertThat(trace.states().get(2).get("h").asInt()).isEqualTo(3);
        assertThat(trace.states().get(2).nondetPicks()).as("not the contract's spec: no arguments to recover").isNull();
        assertThat(out).contains("Counterexample saved as ITF: " + saved.get(0));
    }

    @Test
    void theStarvationLassoIsSavedAsAnItfLoopNamingEachStepsActionAndArguments() throws Exception {
        final Path cex = dir.resolve("cex");
        assertThat(hac("check", "--model", "MC_starvation_strict", "--out", cex.toString())).isEqualTo(1);
        final Path saved;
        try (Stream<Path> files = Files.list(cex)) {
            saved = files.findFirst().orElseThrow();
        }
        final ItfTrace trace = ItfReader.read(saved);
        assertThat(trace.isLasso()).isTrue();
        final List<ItfState> steps = trace.states().subList(1, trace.states().size());
        assertThat(steps).allSatisfy(s -> {
            assertThat(s.actionTaken()).isNotNull();
            assertThat(s.nondetPicks()).as(s.actionTaken() + " at state " + s.index()).isNotNull();
        });
        assertThat(steps).anySatisfy(s -> assertThat(s.nondetPicks().path("v").asText()).isEqualTo("c1"));
    }

    @Test
    void exitsTwoNamingFileAndLineOfAParseError() throws Exception {
        Files.writeString(dir.resolve("Clock.tla"), SPEC.replace("Small == h < 3", "Small == h < < 3"));
        assertThat(hac("check", "--model", dir.resolve("MC_ok.cfg").toString())).isEqualTo(2);
        assertThat(err).contains(dir.resolve("Clock.tla") + ":7:");
    }

    @Test
    void mutantRunSucceedsOnlyIfEveryMutantIsKilledByItsNamedProperty() throws Exception {
        final Path mutants = Files.createDirectories(dir.resolve("mutants"));
        final String header = "\\* mutant: %s\n\\* model: MC_ok\n\\* kills: %s\n<<<<<<< Clock.tla\n%s\n=======\n%s\n>>>>>>>\n";
        Files.writeString(mutants.resolve("A_Killed.mutant"), String.format(header, "clock overruns", "InRange",
                "Next == h' = IF h = 3 THEN 1 ELSE h + 1", "Next == h' = IF h = 4 THEN 1 ELSE h + 1"));
        Files.writeString(mutants.resolve("B_Harmless.mutant"), String.format(header, "same clock, other text",
                "InRange", "Init == h = 1", "Init == h = 3 - 2"));
        final java.io.StringWriter text = new java.io.StringWriter();
        final java.io.PrintWriter sink = new java.io.PrintWriter(text);
        final dev.hac.spec.ModelRepository repo = dev.hac.spec.ModelRepository.directory(dir, mutants);
        try (dev.hac.spec.Scratch scratch = dev.hac.spec.Scratch.create(dir.resolve("scratch"), "mutants")) {
            final int exit = CheckCommand.MutantRun.runAll(repo, new dev.hac.spec.ModelChecker()
                    .withScratchRoot(dir.resolve("scratch")), scratch, sink, sink);
            assertThat(exit).isEqualTo(1);
        }
        assertThat(text.toString())
                .containsPattern("A_Killed +InRange +InRange +killed ")
                .containsPattern("B_Harmless +InRange +nothing \\(all hold\\) +survived ")
                .contains("2 mutants: 1 killed by their property, 1 not, 0 errors");
    }

    @Test
    void distributedModeExitsTwoOnBadInputAndLeavesNoProcessBehind() throws Exception {
        assertThat(hac("check", "--distributed", "0")).isEqualTo(2);
        assertThat(err).contains("--distributed must be at least 1");
        assertThat(hac("check", "--distributed", "2", "--serve")).isEqualTo(2);
        assertThat(err).contains("exclude each other");
        assertThat(hac("check", "--port", "4000")).isEqualTo(2);
        assertThat(err).contains("--port and --host only go with --serve");
        assertThat(hac("check", "--model", "MC_liveness", "--distributed", "2")).isEqualTo(2);
        assertThat(err).contains("MC_liveness.cfg:").contains("liveness property");
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThat(hac("check", "--serve", "--port", String.valueOf(taken.getLocalPort()),
                    "--scratch", dir.resolve("s").toString())).isEqualTo(2);
            assertThat(err).contains("cannot listen on port " + taken.getLocalPort());
        }
        final int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        assertThat(hac("tlc-worker", "--server", "127.0.0.1:" + closed, "--connect-timeout-s", "1",
                "--scratch", dir.resolve("s").toString())).isEqualTo(2);
        assertThat(err).contains("cannot reach the TLC server at 127.0.0.1:" + closed);
        assertThat(hac("check", "--fpsets", "2")).isEqualTo(2);
        assertThat(err).contains("--fpsets only goes with --distributed or --serve");
        assertThat(hac("check", "--distributed", "1", "--fpsets", "0")).isEqualTo(2);
        assertThat(err).contains("--fpsets must be at least 1");
        assertThat(hac("tlc-worker", "--fpset", "--threads", "2", "--server", "127.0.0.1")).isEqualTo(2);
        assertThat(err).contains("--threads is for a worker");
        assertThat(hac("tlc-worker", "--fpset", "--heap", "lots", "--server", "127.0.0.1")).isEqualTo(2);
        assertThat(err).contains("--heap 'lots'");
        assertThat(hac("tlc-worker", "--server", ":80")).isEqualTo(2);
        assertThat(err).contains("--server ':80': expected host[:port]");
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void exitsTwoForAnUnknownModelOrBadOption() {
        assertThat(hac("check", "--model", "MC_no_such_model")).isEqualTo(2);
        assertThat(err).contains("MC_no_such_model: unknown model");
        assertThat(hac("check", "--model", dir.resolve("MC_missing.cfg").toString())).isEqualTo(2);
        assertThat(err).contains("MC_missing.cfg: no such file");
        assertThat(hac("check", "--workers", "0")).isEqualTo(2);
        assertThat(err).contains("--workers must be at least 1");
    }

    @Test
    void refusesToCheckASimulationOnlyModelExhaustively() {
        assertThat(hac("check", "--model", "MC_simulate")).isEqualTo(2);
        assertThat(err).contains("MC_simulate.cfg", "mode: simulation", "hac conform --simulate");
    }
}
