package dev.hac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.spec.itf.ItfReader;
import dev.hac.spec.itf.ItfTrace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code hac check --distributed} and {@code --serve} with {@code hac tlc-worker}: a
 * counterexample found by TLC's distributed mode is printed and saved as ITF exactly as in
 * one JVM, and a served run with helpers on another (loopback) host checks as one JVM does.
 * An integration test (failsafe): server, worker and fingerprint set server JVMs, about 30 s.
 */
class DistributedCheckIT {

    @TempDir
    Path dir;

    /** Runs {@code hac}, expecting exit 1 (a violation); returns its standard output. */
    private static String hac(final String... args) {
        final Run r = run(args);
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        return r.out();
    }

    @Test
    void aDistributedCounterexampleIsPrintedAndSavedAsInOneJvm() throws Exception {
        Files.writeString(dir.resolve("Clock.tla"), CheckCommandTest.SPEC);
        final Path cfg = Files.writeString(dir.resolve("MC_bad.cfg"),
                "\\* fails\n\\* module: Clock\nSPECIFICATION Spec\nINVARIANT Small\n");
        final String local = hac("check", "--model", cfg.toString(), "--out", dir.resolve("local").toString(),
                "--scratch", dir.resolve("s").toString());
        final String distributed = hac("check", "--model", cfg.toString(), "--distributed", "1",
                "--out", dir.resolve("distributed").toString(), "--scratch", dir.resolve("s").toString());
        assertThat(body(distributed)).isEqualTo(body(local))
                .containsPattern("Small +invariant +VIOLATED").contains("h = 3");
        final ItfTrace a = ItfReader.read(saved(dir.resolve("local")));
        final ItfTrace b = ItfReader.read(saved(dir.resolve("distributed")));
        assertThat(b.states()).hasSize(3).isEqualTo(a.states());
    }

    /**
     * A multi-host run emulated on two loopback addresses: the server on 127.0.0.1 waits for a
     * fingerprint set server and a worker that call it from 127.0.0.2, then checks as one JVM
     * does; both helpers exit 0 when the server releases them.
     */
    @Test
    void aServedRunWithAWorkerAndAFingerprintSetServerOnAnotherHostChecksAsOneJvm() throws Exception {
        final int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        final String server = "127.0.0.1:" + port;
        final ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            final Future<Run> check = pool.submit(() -> run("check", "--model", "MC_conformance", "--serve",
                    "--host", "127.0.0.1", "--port", String.valueOf(port), "--fpsets", "1",
                    "--scratch", dir.resolve("s").toString()));
            final Future<Run> fpset = pool.submit(() -> run("tlc-worker", "--fpset", "--heap", "256m",
                    "--server", server, "--host", "127.0.0.2", "--scratch", dir.resolve("s").toString()));
            final Future<Run> worker = pool.submit(() -> run("tlc-worker", "--threads", "1",
                    "--server", server, "--host", "127.0.0.2", "--scratch", dir.resolve("s").toString()));
            final Run c = check.get(5, TimeUnit.MINUTES);
            assertThat(c.exit()).as(c.out() + c.err()).isZero();
            assertThat(c.out()).contains("MC_conformance: PASS  (3,391 distinct states");
            assertThat(c.err()).contains("hac tlc-worker --fpset --server " + server);
            for (final Run helper : List.of(fpset.get(1, TimeUnit.MINUTES), worker.get(1, TimeUnit.MINUTES))) {
                assertThat(helper.exit()).as(helper.err()).isZero();
                assertThat(helper.out()).contains("the server finished the search");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = new CommandLine(Hac.class).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The output without the summary line (times, counts of generated states) and the saved file's name. */
    private static String body(final String out) {
        return out.lines().filter(l -> !l.startsWith("MC_bad: ") && !l.startsWith("Counterexample saved"))
                .reduce("", (x, y) -> x + y + "\n");
    }

    private static Path saved(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".itf.json")).findFirst().orElseThrow();
        }
    }
}
