package dev.hac.cli.support;

import dev.hac.fencing.Witness;
import dev.hac.host.BufferLimits;
import dev.hac.host.CheckpointTrigger;
import dev.hac.nic.OverflowPolicy;
import dev.hac.nic.PcapngFileSink;
import dev.hac.nic.SchedulerPolicy;
import dev.hac.replication.CheckpointTriggers;
import dev.hac.replication.Fencing;
import dev.hac.replication.LiveOptions;
import dev.hac.wire.SharedKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** Mixin: the options both hosts of a live pair share (key, timing, NIC buffer and scheduler, fencing). */
public final class HostOptions {
    /** How long a host waits for the remote witness's answer before counting it unreachable. */
    public static final int WITNESS_TIMEOUT_MS = 500;

    @Option(names = "--key", required = true, description = "pre-shared key file (hex, >= 32 digits); both hosts use the same")
    private Path key;
    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address the VMs' UDP services bind to (default ${DEFAULT-VALUE})")
    private String bind;
    @Option(names = "--epoch-ms", defaultValue = "25", description = "checkpoint interval per VM (default ${DEFAULT-VALUE})")
    private int epochMs;
    @Option(names = "--heartbeat-ms", defaultValue = "10", description = "heartbeat interval (default ${DEFAULT-VALUE})")
    private int heartbeatMs;
    @Option(names = "--failure-timeout-ms", defaultValue = "300", description = "peer silence that counts as its loss (default ${DEFAULT-VALUE})")
    private int failureMs;
    @Option(names = "--checkpoint-timeout-ms", defaultValue = "200", description = "abort an unacknowledged checkpoint after (default ${DEFAULT-VALUE})")
    private int checkpointMs;
    @Option(names = "--buffer-frames", defaultValue = "2048", description = "NIC buffer limit per checkpointing VM, frames")
    private int bufferFrames;
    @Option(names = "--buffer-bytes", defaultValue = "2097152", description = "NIC buffer limit per checkpointing VM, bytes")
    private long bufferBytes;
    @Option(names = "--overflow", defaultValue = "early", description = "when a buffer is full: backpressure, drop, early (default ${DEFAULT-VALUE})")
    private String overflow;
    @Option(names = "--policy", defaultValue = "STRICT", description = "NIC scheduler: STRICT or BYPASS(k) (default ${DEFAULT-VALUE})")
    private String policy;
    @Option(names = "--status-ms", defaultValue = "1000", description = "status line interval, 0 = none (default ${DEFAULT-VALUE})")
    private int statusMs;
    @Option(names = "--duration-s", defaultValue = "0", description = "stop after this many seconds, 0 = run until killed")
    private int durationS;
    @Option(names = "--checkpoint", defaultValue = "output", description = "what starts a VM's checkpoints besides the "
            + "epoch timer: timer (nothing) or output (its first buffered frame); a --vm spec's sixth field overrides it "
            + "(default ${DEFAULT-VALUE})")
    private String checkpoint;
    @Option(names = "--min-checkpoint-us", defaultValue = "1000", description = "least time between two checkpoints "
            + "of a VM started on output (default ${DEFAULT-VALUE})")
    private int minCheckpointMicros;
    @Option(names = "--machine", description = "also print machine-readable STATS/READY/TAKEOVER lines (used by hac demo)")
    private boolean machine;
    @Option(names = "--witness", paramLabel = "HOST:PORT|file:PATH", description = "the pair's witness: a `hac witness` "
            + "on a third machine, or a generation file both hosts can reach (one machine, shared storage)")
    private String witness;
    @Option(names = "--no-fencing", description = "run without a witness and lease: UNSAFE, a partition or a pause "
            + "gives two live copies of the VMs (kept to show that split brain)")
    private boolean noFencing;
    @Option(names = "--lease-ms", description = "how long an acknowledgement keeps the primary's output open "
            + "(default: the failure timeout)")
    private Integer leaseMs;
    @Option(names = "--drift-ppm", defaultValue = "10000", description = "bound on the two clocks' rate difference (default ${DEFAULT-VALUE})")
    private int driftPpm;
    @Option(names = "--pause-bound-ms", defaultValue = "200", description = "bound on a host's stop between its lease "
            + "check and a send (default ${DEFAULT-VALUE})")
    private int pauseBoundMs;
    @Option(names = "--pcap", paramLabel = "FILE", description = "write what this host's NIC transmits to FILE (pcapng: "
            + "interface 'checkpointed' or 'ordinary' per traffic class, a comment per frame with VM, seq, class, epoch, "
            + "when it was submitted and when it left; open with Wireshark, tshark -r or tcpdump -r)")
    private Path pcap;

    /** The capture --pcap asks for, or null; the message names the file when it cannot be written. */
    public PcapngFileSink capture() throws IOException {
        return pcap == null ? null : PcapngFileSink.open(pcap);
    }

    /**
     * The live options; throws naming the option whose value is wrong.
     * @param perVm checkpoint triggers that VM specs name, overriding {@code --checkpoint} for those VMs
     */
    public LiveOptions options(final boolean buffering, final int bulkRate, final Map<String, CheckpointTrigger> perVm) {
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

    public SharedKey sharedKey() throws IOException {
        return SharedKey.fromFile(key);
    }

    public String bind() {
        return bind;
    }

    public int epochMs() {
        return epochMs;
    }

    public int statusMs() {
        return statusMs;
    }

    public int durationS() {
        return durationS;
    }

    public boolean machine() {
        return machine;
    }

    /** The fencing settings; {@code --witness} is required unless {@code --no-fencing} says otherwise. */
    public Fencing fencing(final SharedKey pairKey) {
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
    public void warnIfUnfenced(final PrintWriter err, final String role) {
        if (noFencing) {
            err.println("hac " + role + ": *** WARNING: --no-fencing: no witness, no lease. A partition of the "
                    + "replication link or a paused host gives TWO LIVE COPIES of every VM (split brain). ***");
            err.flush();
        }
    }
}
