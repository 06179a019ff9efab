package dev.hac.cli;

import dev.hac.replication.Fencing;
import dev.hac.replication.LiveOptions;
import dev.hac.replication.SecondaryNode;
import dev.hac.wire.SharedKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "secondary", description = "Run the secondary host of a live HA pair: applies checkpoints, takes over when the primary dies.")
final class SecondaryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PrimaryCommand.Timing timing;

    @Option(names = "--listen", defaultValue = "127.0.0.1:7400", description = "replication address to listen on (default ${DEFAULT-VALUE}; port 0 picks one)")
    String listen;

    @Override
    public Integer call() throws Exception {
        final PrintWriter err = spec.commandLine().getErr();
        final PrintWriter out = spec.commandLine().getOut();
        final LiveOptions options;
        final SharedKey key;
        final InetSocketAddress at;
        final Fencing fencing;
        try {
            options = timing.options(true, 1000, java.util.Map.of());
            key = timing.sharedKey();
            at = PrimaryCommand.address("--listen", listen);
            fencing = timing.fencing(key);
        } catch (IllegalArgumentException | IOException e) {
            err.println("hac secondary: " + e.getMessage());
            return Hac.BAD_INPUT;
        }
        timing.warnIfUnfenced(err, "secondary");
        final SecondaryNode node = new SecondaryNode(at, key, options, fencing, timing.bind, System.out);
        final InetSocketAddress bound;
        try {
            bound = node.start();
        } catch (IOException e) {
            err.println("hac secondary: cannot listen on " + at + ": " + e.getMessage());
            return Hac.FAILED;
        }
        out.println("hac secondary: listening on " + bound);
        if (timing.machine) {
            out.println("READY " + bound.getPort());
        }
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
        final long end = timing.durationS > 0 ? System.nanoTime() + timing.durationS * 1_000_000_000L : Long.MAX_VALUE;
        boolean reported = false;
        long nextStatus = System.nanoTime() + timing.statusMs * 1_000_000L;
        while (System.nanoTime() < end) {
            Thread.sleep(timing.statusMs > 0 ? Math.min(timing.statusMs, 50) : 50);
            final SecondaryNode.Takeover t = node.takeover();
            if (t != null && !reported) {
                reported = true;
                if (timing.machine) {
                    out.println("TAKEOVER " + PrimaryCommand.JSON.writeValueAsString(t));
                }
            }
            if (timing.statusMs > 0 && System.nanoTime() >= nextStatus) {
                nextStatus += timing.statusMs * 1_000_000L;
                out.println("status: " + (t != null ? "mode=failedover serving " + t.restoredSeq().keySet()
                        : "mode=standby link=" + (node.connected() ? "up" : "DOWN")) + " applied=" + node.applied()
                        + " refused=" + node.refused() + " refusedPeers=" + node.refusedPeers()
                        + (node.lostGeneration() > 0 ? " LOST-witness-generation=" + node.lostGeneration() : "")
                        + " claimsUnreachable=" + node.claimsUnreachable());
            }
            out.flush();
        }
        node.close();
        return Hac.OK;
    }
}
