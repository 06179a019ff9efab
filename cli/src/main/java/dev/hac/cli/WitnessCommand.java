package dev.hac.cli;

import dev.hac.fencing.WitnessServer;
import dev.hac.wire.SharedKey;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "witness", description = {
        "Run the witness of a live HA pair, on a third machine: an authenticated compare-and-set of the pair's",
        "generation. When the hosts cannot hear each other, the first to claim a generation wins it; the other",
        "stands by (secondary) or halts (primary). The register is durable before an answer leaves, so a restarted",
        "witness never grants a generation twice."})
final class WitnessCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", defaultValue = "127.0.0.1:7450", description = "address to answer on (default ${DEFAULT-VALUE}; port 0 picks one)")
    String listen;

    @Option(names = "--key", required = true, description = "the pair's pre-shared key file (the same as theirs)")
    Path key;

    @Option(names = "--state", defaultValue = "hac-witness.gen", description = "the durable register file (default ${DEFAULT-VALUE})")
    Path state;

    @Option(names = "--status-ms", defaultValue = "0", description = "status line interval, 0 = none (default ${DEFAULT-VALUE})")
    int statusMs;

    @Option(names = "--machine", description = "print READY <port> once listening (used by hac demo)")
    boolean machine;

    @Override
    public Integer call() throws Exception {
        final PrintWriter err = spec.commandLine().getErr();
        final PrintWriter out = spec.commandLine().getOut();
        final SharedKey pairKey;
        final InetSocketAddress at;
        try {
            pairKey = SharedKey.fromFile(key);
            at = PrimaryCommand.address("--listen", listen);
        } catch (IllegalArgumentException | IOException e) {
            err.println("hac witness: " + e.getMessage());
            return Hac.BAD_INPUT;
        }
        final WitnessServer server;
        try {
            server = new WitnessServer(at, pairKey, state, new PrintStream(System.out, true));
        } catch (IOException e) {
            err.println("hac witness: " + e.getMessage());
            return Hac.BAD_INPUT;
        }
        out.println("hac witness: answering on " + server.address());
        if (machine) {
            out.println("READY " + server.address().getPort());
        }
        out.flush();
        while (true) {
            Thread.sleep(statusMs > 0 ? statusMs : 1000);
            if (statusMs > 0) {
                out.println("status: " + server.counters().line());
                out.flush();
            }
        }
    }
}
