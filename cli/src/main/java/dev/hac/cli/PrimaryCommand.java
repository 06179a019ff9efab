package dev.hac.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hac.host.BufferLimits;
import dev.hac.host.CheckpointTrigger;
import dev.hac.host.VmSpecs;
import dev.hac.nic.OverflowPolicy;
import dev.hac.nic.SchedulerPolicy;
import dev.hac.fencing.Witness;
import dev.hac.replication.CheckpointTriggers;
import dev.hac.replication.Fencing;
import dev.hac.replication.LiveOptions;
import dev.hac.replication.PrimaryNode;
import dev.hac.wire.SharedKey;
import dev.hac.wire.VmDescriptor;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "primary", description = "Run the primary host of a live HA pair: VMs, HAC utility, NIC engine, checkpoints to the secondary.")
final class PrimaryCommand implements Callable<Integer> {

    /** Options both hosts share. */
    static final class Timing {
        @Option(names = "--key", required = true, description = "pre-shared key file (hex, >= 32 digits); both hosts use the same")
        Path key;
        @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address the VMs' UDP services bind to (default ${DEFAULT-VALUE})")
        String bind;
        @Option(names = "--epoch-ms", defaultValue = "25", description = "checkpoint interval per VM (default ${DEFAULT-VALUE})")
        int epochMs;
        @Option(names = "--heartbeat-ms", defaultValue = "10", description = "heartbeat interval (default ${DEFAULT-VALUE})")
        int heartbeatMs;
        @Option(names = "--failure-timeout-ms", defaultValue = "300", description = "peer silence that counts as its loss (default ${DEFAULT-VALUE})")
        int failureMs;
        @Option(names = "--checkpoint-timeout-ms", defaultValue = "200", description = "abort an unacknowledged checkpoint after (default ${DEFAULT-VALUE})")
        int checkpointMs;
        @Option(names = "--buffer-frames", defaultValue = "2048", description = "NIC buffer limit per checkpointing VM, frames")
        int bufferFrames;
        @Option(names = "--buffer-bytes", defaultValue = "2097152", description = "NIC buffer limit per checkpointing VM, bytes")
        long bufferBytes;
        @Option(names = "--overflow", defaultValue = "early", description = "when a buffer is full: backpressure, drop, early (default ${DEFAULT-VALUE})")
        String overflow;
        @Option(names = "--policy", defaultValue = "STRICT", description = "NIC scheduler: STRICT or BYPASS(k) (default ${DEFAULT-VALUE})")
        String policy;
        @Option(names = "--status-ms", defaultValue = "1000", description = "status line interval, 0 = none (default ${DEFAULT-VALUE})")
        int statusMs;
        @Option(names = "--duration-s", defaultValue = "0", description = "stop after this many seconds, 0 = run until killed")
        int durationS;
        @Option(names = "--checkpoint", defaultValue = "timer", description = "what starts a VM's checkpoints besides the "
                + "epoch timer: timer (nothing) or output (its first buffered frame); a --vm spec's sixth field overrides it "
                + "(default ${DEFAULT-VALUE})")
        String checkpoint;
        @Option(names = "--min-checkpoint-us", defaultValue = "1000", description = "least time between two checkpoints "
                + "of a VM started on output (default ${DEFAULT-VALUE})")
        int minCheckpointMicros;
        @Option(names = "--machine", description = "also print machine-readable STATS/READY/TAKEOVER lines (used by hac demo)")
        boolean machine;
        @Option(names = "--witness", paramLabel = "HOST:PORT|file:PATH", description = "the pair's witness: a `hac witness` "
                + "on a third machine, or a generation file both hosts can reach (one machine, shared storage)")
        String witness;
        @Option(names = "--no-fencing", description = "run without a witness and lease: UNSAFE, a partition or a pause "
                + "gives two live copies of the VMs (kept to show that split brain)")
        boolean noFencing;
        @Option(names = "--lease-ms", description = "how long an acknowledgement keeps the primary's output open "
                + "(default: the failure timeout)")
        Integer leaseMs;
        @Option(names = "--drift-ppm", defaultValue = "10000", description = "bound on the two clocks' rate difference (default ${DEFAULT-VALUE})")
        int driftPpm;
        @Option(names = "--pause-bound-ms", defaultValue = "200", description = "bound on a host's stop between its lease "
                + "check and a send (default ${DEFAULT-VALUE})")
        int pauseBoundMs;

        LiveOptions options(final boolean buffering, final int bulkRate, final Map<String, CheckpointTrigger> perVm) {
            final CheckpointTrigger trigger = CheckpointTrigger.of(checkpoint);
            if (trigger == null) {
                throw new IllegalArgumentException("--checkpoint '" + checkpoint + "': timer or output");
            }
            if (minCheckpointMicros < 0) {
                throw new IllegalArgumentException("--min-checkpoint-us " + minCheckpointMicros + ": must be >= 0");
            }
            final OverflowPolicy o = switch (overflow.toLowerCase(Locale.ROOT)) {
                case "backpressure" -> OverflowPolicy.BACKPRESSURE;
                case "drop" -> OverflowPolicy.DROP;
                case "early" -> OverflowPolicy.EARLY_CHECKPOINT;
                default -> throw new IllegalArgumentException("--overflow '" + overflow + "': backpressure, drop or early");
            };
            return new LiveOptions(Duration.ofMillis(epochMs), Duration.ofMillis(heartbeatMs), Duration.ofMillis(failureMs),
                    Duration.ofMillis(checkpointMs), new BufferLimits(bufferFrames, bufferBytes, o),
                    SchedulerPolicy.parse(policy), buffering, bulkRate,
                    new CheckpointTriggers(trigger, perVm, Duration.ofNanos(minCheckpointMicros * 1000L)));
        }

        SharedKey sharedKey() throws IOException {
            return SharedKey.fromFile(key);
        }

        /** The fencing settings; {@code --witness} is required unless {@code --no-fencing} says otherwise. */
        Fencing fencing(final SharedKey pairKey) {
            if (noFencing) {
                if (witness != null) {
                    throw new IllegalArgumentException("--witness and --no-fencing exclude each other");
                }
                return Fencing.none();
            }
            if (witness == null) {
                throw new IllegalArgumentException("--witness HOST:PORT|file:PATH is required: without a witness a "
                        + "partition or a pause makes two live copies of the VMs (--no-fencing runs so anyway, unsafely)");
            }
            final Witness w;
            try {
                w = Witness.at(witness, pairKey, WITNESS_TIMEOUT_MS);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--" + e.getMessage(), e);
            }
            return new Fencing(w, Duration.ofMillis(leaseMs != null ? leaseMs : failureMs), driftPpm,
                    Duration.ofMillis(pauseBoundMs));
        }

        /** The loud warning of {@code --no-fencing}, on stderr. */
        void warnIfUnfenced(final PrintWriter err, final String role) {
            if (noFencing) {
                err.println("hac " + role + ": *** WARNING: --no-fencing: no witness, no lease. A partition of the "
                        + "replication link or a paused host gives TWO LIVE COPIES of every VM (split brain). ***");
                err.flush();
            }
        }
    }

    static InetSocketAddress address(final String option, final String text) {
        final int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(option + " '" + text + "': expected host:port");
        }
        try {
            final int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(text.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + text + "': port is not a number in 0..65535", e);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    /** How long a host waits for the remote witness's answer before counting it unreachable. */
    static final int WITNESS_TIMEOUT_MS = 500;

    @Spec
    CommandSpec spec;

    @Mixin
    Timing timing;

    @Option(names = "--secondary", defaultValue = "127.0.0.1:7400", description = "the secondary's replication address (default ${DEFAULT-VALUE})")
    String secondary;

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
        final LiveOptions options;
        final SharedKey key;
        final InetSocketAddress peer;
        final Fencing fencing;
        try {
            descriptors = VmSpecs.parse(vms == null ? VmSpecs.DEFAULT : vms);
            options = timing.options(!unsafe, bulkRate, VmSpecs.triggers(vms == null ? VmSpecs.DEFAULT : vms));
            key = timing.sharedKey();
            peer = address("--secondary", secondary);
            fencing = timing.fencing(key);
        } catch (IllegalArgumentException | IOException e) {
            err.println("hac primary: " + e.getMessage());
            return Hac.BAD_INPUT;
        }
        timing.warnIfUnfenced(err, "primary");
        if (unsafe) {
            err.println("hac primary: --unsafe: NIC output buffering is OFF; clients may see output the secondary never receives");
        }
        final PrimaryNode node = new PrimaryNode(descriptors, peer, key, options, fencing, timing.bind, eventLog, System.out);
        try {
            node.start(connectMs);
        } catch (IOException e) {
            err.println("hac primary: " + e.getMessage());
            return Hac.FAILED;
        }
        out.println("hac primary: " + descriptors.size() + " VMs up, replicating to " + peer + " every " + timing.epochMs + " ms");
        if (timing.machine) {
            out.println("READY");
        }
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
        final long end = timing.durationS > 0 ? System.nanoTime() + timing.durationS * 1_000_000_000L : Long.MAX_VALUE;
        final int every = timing.statusMs > 0 ? timing.statusMs : 200;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(every, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            final PrimaryNode.Status s = node.status();
            node.flushEventLog();
            if (timing.statusMs > 0) {
                out.println("status: " + s.line());
            }
            if (timing.machine) {
                out.println("STATS " + JSON.writeValueAsString(s));
            }
            out.flush();
            final Witness.Answer lost = node.haltedBy();
            if (lost != null) {
                node.close();
                if (timing.machine) {
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
