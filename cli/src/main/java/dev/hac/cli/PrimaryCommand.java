package dev.hac.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hac.cli.support.Addresses;
import dev.hac.cli.support.HostOptions;
import dev.hac.cli.support.WriterStream;
import dev.hac.host.CheckpointTrigger;
import dev.hac.host.VmSpecs;
import dev.hac.nic.PcapngFileSink;
import dev.hac.fencing.Witness;
import dev.hac.replication.Fencing;
import dev.hac.replication.LiveOptions;
import dev.hac.replication.PrimaryNode;
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

@Command(name = "primary", description = "Run the primary host of a live HA pair: VMs, HAC utility, NIC engine, checkpoints to the secondary.")
final class PrimaryCommand implements Callable<Integer> {

    static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions host;

    @Option(names = "--secondary", defaultValue = "127.0.0.1:7400", description = "the secondary's replication address (default ${DEFAULT-VALUE})")
    String secondary;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "replication address on which secondaries "
            + "join this primary (`hac secondary --join`) once it runs unprotected; none by default")
    String listen;

    @Option(names = "--vm", description = "a VM: id:workload:port[:ckpt|plain][:MiB][:timer|output], workload kv or bulk; repeatable "
            + "(default c1:kv:7501 c2:kv:7502 p1:bulk:7599:plain)")
    List<String> vms;

    @Option(names = "--unsafe", description = "turn NIC output buffering off (frames leave before commit): shows what output commit prevents")
    boolean unsafe;

    @Option(names = "--event-log", description = "write the NDJSON event log (one line per abstract action) to this file")
    Path eventLog;

    @Option(names = "--bulk-rate", defaultValue = "1000", description = "frames per second each bulk VM sends (default ${DEFAULT-VALUE})")
    int bulkRate;

    @Option(names = "--connect-timeout-ms", defaultValue = "10000", description = "how long to wait for the secondary at start")
    int connectMs;

    @Override
    public Integer call() throws Exception {
        final PrintWriter err = spec.commandLine().getErr();
        final PrintWriter out = spec.commandLine().getOut();
        final List<VmDescriptor> descriptors;
        final Map<String, CheckpointTrigger> triggers;
        final LiveOptions options;
        final SharedKey key;
        final InetSocketAddress peer;
        final PcapngFileSink capture;
        final InetSocketAddress joinAt;
        final Fencing fencing;
        try {
            final List<String> specs = vms == null ? VmSpecs.DEFAULT : vms;
            descriptors = VmSpecs.parse(specs);
            triggers = VmSpecs.triggers(specs);
        } catch (final IllegalArgumentException e) {
            err.println("hac primary: --vm: " + e.getMessage());
            return Hac.BAD_INPUT;
        }
        try {
            options = host.options(!unsafe, bulkRate, triggers);
            key = host.sharedKey();
            peer = Addresses.parse("--secondary", secondary);
            joinAt = listen == null ? null : Addresses.parse("--listen", listen);
            capture = host.capture();
            fencing = host.fencing(key);
        } catch (IllegalArgumentException | IOException e) {
            err.println("hac primary: " + e.getMessage());
            return Hac.BAD_INPUT;
        }
        host.warnIfUnfenced(err, "primary");
        if (unsafe) {
            err.println("hac primary: --unsafe: NIC output buffering is OFF; clients may see output the secondary never receives");
        }
        final PrimaryNode node = new PrimaryNode(descriptors, peer, key, options, fencing, host.bind(), eventLog, WriterStream.of(out));
        node.captureTo(capture);
        if (joinAt != null) {
            node.listenForJoiners(joinAt);
        }
        try {
            node.start(connectMs);
        } catch (IOException e) {
            err.println("hac primary: " + e.getMessage());
            if (capture != null) {
                capture.close();
            }
            return Hac.FAILED;
        }
        out.println("hac primary: " + descriptors.size() + " VMs up, replicating to " + peer + " every " + host.epochMs() + " ms");
        if (host.machine()) {
            // A listening primary tells its join port (--listen may ask for port 0).
            out.println(node.joinAddress() == null ? "READY" : "READY " + node.joinAddress().getPort());
        }
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
        final long end = host.durationS() > 0 ? System.nanoTime() + host.durationS() * 1_000_000_000L : Long.MAX_VALUE;
        final int every = host.statusMs() > 0 ? host.statusMs() : 200;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(every, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            final PrimaryNode.Status s = node.status();
            node.flushEventLog();
            if (host.statusMs() > 0) {
                out.println("status: " + s.line());
            }
            if (host.machine()) {
                out.println("STATS " + JSON.writeValueAsString(s));
            }
            out.flush();
            final Witness.Answer lost = node.haltedBy();
            if (lost != null) {
                node.close();
                if (host.machine()) {
                    out.println("HALTED " + JSON.writeValueAsString(lost));
                    out.flush();
                }
                err.println("hac primary: *** HALTED: the secondary won generation " + lost.generation() + " at the witness ("
                        + lost.holder() + "); " + lost.detail() + "; nothing more was sent. Exit " + Hac.HALTED + " ***");
                err.flush();
                return Hac.HALTED;
            }
        }
        node.close();
        final PrimaryNode.Status last = node.status();
        out.println("hac primary: done. " + last.line());
        out.flush();
        return Hac.OK;
    }
}
