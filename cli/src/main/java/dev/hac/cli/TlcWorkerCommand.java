package dev.hac.cli;

import dev.hac.cli.support.Addresses;
import dev.hac.cli.support.ScratchRoot;
import dev.hac.cli.support.StatusLine;
import dev.hac.spec.Distribution;
import dev.hac.spec.TlcWorker;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "tlc-worker", mixinStandardHelpOptions = true,
        description = {"A helper of TLC's distributed mode for 'hac check --serve' on another machine: a worker fetches "
                + "the spec from the server and computes successor states; with --fpset, a fingerprint set server holds "
                + "a share of the fingerprints (for 'hac check --serve --fpsets N'). Either runs until the server ends "
                + "the search.",
                "Exit codes: 0 the server finished the search, 1 interrupted, 2 the server cannot be reached, the "
                        + "helper ended before the search did, or a fingerprint set server stopped answering."})
final class TlcWorkerCommand implements Callable<Integer> {

    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgGtT]?");

    @Spec
    CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "HOST[:PORT]",
            description = "The TLC server's address (port default: " + Distribution.DEFAULT_PORT + ").")
    String server;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--fpset", description = "Run a fingerprint set server instead of a worker.")
    boolean fpset;

    @Option(names = "--heap", paramLabel = "SIZE", description = "The helper JVM's maximum heap, as java's -Xmx "
            + "(e.g. 8g; default: the JVM's). A fingerprint set server keeps that much of its share in memory "
            + "before it spills to disk.")
    String heap;

    @Option(names = "--host", paramLabel = "HOST", description = "The name or address the server reaches this "
            + "machine by (default: this machine's address on the route to the server).")
    String host;

    @Option(names = "--connect-timeout-s", paramLabel = "S", defaultValue = "30",
            description = "How long the server may stay unreachable (default: ${DEFAULT-VALUE}).")
    int connectTimeoutS;

    @Mixin
    ScratchRoot scratchRoot;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final TlcWorker.Settings settings;
        try {
            if (connectTimeoutS < 1) {
                throw new IllegalArgumentException("--connect-timeout-s must be at least 1, not " + connectTimeoutS);
            }
            if (fpset && threads != null) {
                throw new IllegalArgumentException("--threads is for a worker; a fingerprint set server (--fpset) "
                        + "has none to set");
            }
            if (heap != null && !HEAP.matcher(heap).matches()) {
                throw new IllegalArgumentException("--heap '" + heap + "': expected a size as java's -Xmx takes it, "
                        + "e.g. 512m or 8g");
            }
            settings = new TlcWorker.Settings(fpset ? TlcWorker.Role.FPSET : TlcWorker.Role.WORKER,
                    Addresses.parse("--server", server, Distribution.DEFAULT_PORT),
                    threads != null ? threads : Runtime.getRuntime().availableProcessors(), host,
                    Duration.ofSeconds(connectTimeoutS), scratchRoot.root(),
                    heap != null ? List.of("-Xmx" + heap) : List.of());
        } catch (final IllegalArgumentException e) {
            err.println("hac tlc-worker: " + e.getMessage());
            return Hac.BAD_INPUT;
        }
        final StatusLine status = StatusLine.on(err);
        final String name = settings.role().label();
        try {
            final TlcWorker.Result r = TlcWorker.run(settings, line -> status.keep(name + ": " + line));
            status.done();
            if (!r.completed()) {
                err.println("hac tlc-worker: " + r.message());
                return Hac.BAD_INPUT;
            }
            out.printf("hac tlc-worker: the server finished the search (%.1f s)%n", r.duration().toMillis() / 1000.0);
            return Hac.OK;
        } catch (final IOException | InterruptedException e) {
            return status.failed("hac tlc-worker", e);
        }
    }
}
