package dev.hac.cli;

import dev.hac.cli.support.Addresses;
import dev.hac.cli.support.HostOptions;
import dev.hac.cli.support.WriterStream;
import dev.hac.fencing.Witness;
import dev.hac.host.VmSpecs;
import dev.hac.nic.PcapngFileSink;
import dev.hac.replication.Fencing;
import dev.hac.replication.LiveOptions;
import dev.hac.replication.PrimaryReplicator;
import dev.hac.replication.SecondaryNode;
import dev.hac.wire.SharedKey;
import dev.hac.wire.VmDescriptor;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    HostOptions host;

    @Option(names = "--listen", defaultValue = "127.0.0.1:7400", description = "replication address to listen on (default ${DEFAULT-VALUE}; port 0 picks one)")
    String listen;

    @Option(names = "--join", paramLabel = "HOST:PORT", description = "join the primary listening there (its "
            + "`--listen`) and join it again whenever it runs unprotected; the primary also may connect to `--listen`")
    String join;

    @Option(names = "--event-log", paramLabel = "FILE", description = "write the NDJSON event log (its applies, "
            + "claims, takeover, and what it does as the primary after it; for hac validate with the primary's log)")
    Path eventLog;

    @Option(names = "--vm", paramLabel = "SPEC", description = "with --join: a VM the joiner expects the primary to run, "
            + "as that primary's --vm (id:workload:port[:ckpt|plain][:MiB]); repeatable, the whole list in the "
            + "primary's order. A primary running another set refuses the join (reason vms). Default: any set")
    List<String> vms;

    @Override
    public Integer call() throws Exception {
        final PrintWriter err = spec.commandLine().getErr();
        final PrintWriter out = spec.commandLine().getOut();
        final LiveOptions options;
        final SharedKey key;
        final InetSocketAddress at;
        final PcapngFileSink capture;
        final InetSocketAddress joinAt;
        final Fencing fencing;
        final List<VmDescriptor> expected;
        try {
            expected = expectedVms();
            options = host.options(true, 1000, Map.of());
            key = host.sharedKey();
            at = Addresses.parse("--listen", listen);
            joinAt = join == null ? null : Addresses.parse("--join", join);
            capture = host.capture();
            fencing = host.fencing(key);
        } catch (IllegalArgumentException | IOException e) {
            err.println("hac secondary: " + e.getMessage());
            return Hac.BAD_INPUT;
        }
        host.warnIfUnfenced(err, "secondary");
        final SecondaryNode node = new SecondaryNode(at, key, options, fencing, host.bind(), WriterStream.of(out));
        node.captureTo(capture);
        if (eventLog != null) {
            node.eventLog(eventLog);
        }
        final InetSocketAddress bound;
        try {
            bound = node.start();
        } catch (IOException e) {
            err.println("hac secondary: cannot listen on " + at + ": " + e.getMessage());
            if (capture != null) {
                capture.close();
            }
            return Hac.FAILED;
        }
        out.println("hac secondary: listening on " + bound);
        if (joinAt != null) {
            node.join(joinAt, expected);
            out.println("hac secondary: joining the primary at " + joinAt);
        }
        if (host.machine()) {
            out.println("READY " + bound.getPort());
        }
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
        final long end = host.durationS() > 0 ? System.nanoTime() + host.durationS() * 1_000_000_000L : Long.MAX_VALUE;
        boolean reported = false;
        long nextStats = 0;
        long nextStatus = System.nanoTime() + host.statusMs() * 1_000_000L;
        while (System.nanoTime() < end) {
            Thread.sleep(host.statusMs() > 0 ? Math.min(host.statusMs(), 50) : 50);
            final Witness.Answer lost = node.haltedBy();
            if (lost != null) {
                node.close();
                if (host.machine()) {
                    out.println("HALTED " + PrimaryCommand.JSON.writeValueAsString(lost));
                }
                out.flush();
                err.println("hac secondary: *** HALTED: after its takeover this host lost generation " + lost.generation()
                        + " at the witness (" + lost.holder() + "); " + lost.detail() + ". Exit " + Hac.HALTED + " ***");
                err.flush();
                return Hac.HALTED;
            }
            final SecondaryNode.Takeover t = node.takeover();
            if (t != null && !reported) {
                reported = true;
                if (host.machine()) {
                    out.println("TAKEOVER " + PrimaryCommand.JSON.writeValueAsString(t));
                }
            }
            final PrimaryReplicator serving = node.replicator();
            if (serving != null && host.machine() && System.nanoTime() >= nextStats) {
                // Once it serves, the demo waits on these for protection to be back before its next fault.
                nextStats = System.nanoTime() + 200_000_000L;
                out.println("STATS " + PrimaryCommand.JSON.writeValueAsString(Map.of("mode", serving.mode().model,
                        "syncing", serving.syncing(), "generation", serving.generation(), "joins", serving.joins())));
            }
            if (host.statusMs() > 0 && System.nanoTime() >= nextStatus) {
                nextStatus += host.statusMs() * 1_000_000L;
                out.println("status: " + (t != null ? "mode=failedover serving " + t.restoredSeq().keySet()
                        : "mode=standby link=" + (node.connected() ? "up" : "DOWN")) + " applied=" + node.applied()
                        + " refused=" + node.refused() + " refusedPeers=" + node.refusedPeers()
                        + (node.lostGeneration() > 0 ? " LOST-witness-generation=" + node.lostGeneration() : "")
                        + " claimsUnreachable=" + node.claimsUnreachable() + " synced=" + node.synced()
                        + " staleGenerations=" + node.staleGenerations());
            }
            out.flush();
        }
        node.close();
        return Hac.OK;
    }

    /** The VM set {@code --vm} states (empty: any); throws naming the option and the spec. */
    private List<VmDescriptor> expectedVms() {
        if (vms == null) {
            return List.of();
        }
        if (join == null) {
            throw new IllegalArgumentException("--vm states the VM set a joiner expects: it needs --join");
        }
        try {
            return VmSpecs.parse(vms);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--vm: " + e.getMessage(), e);
        }
    }
}
