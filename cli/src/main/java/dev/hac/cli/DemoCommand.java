package dev.hac.cli;

import dev.hac.cli.support.StatusLine;
import dev.hac.replication.Demo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", description = {
        "Live HA pair on two loopback addresses (host A 127.0.0.1, host B 127.0.0.2, witness 127.0.0.3), each a",
        "separate OS process, run continuously: one set of UDP clients sends every request to both addresses for the",
        "whole run; each round does one fault (--faults, in turn) to whichever host serves the VMs now: kill = SIGKILL,",
        "pause = SIGSTOP past the takeover, partition = cut the replication link silently until one side won the",
        "witness, then heal it. The other host takes over (or the serving one keeps the VMs), the loser restarts empty",
        "and joins the winner (hac secondary --join), and the next round starts once protection is back: roles flip",
        "every round. The clients check that no answer they saw is contradicted and that never two hosts answer for",
        "one VM; the first violation ends the run. Exit 0 only when every round holds; --unsafe (no output buffering on",
        "the first primary) and --no-fencing (no witness, no lease) must show the violation (exit 1)."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rounds", defaultValue = "1", description = "rounds: faults, each followed by a rejoin (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--unsafe", description = "the first primary runs without NIC output buffering: the check must catch the violation")
    boolean unsafe;

    @Option(names = "--clients", defaultValue = "4", description = "UDP clients, each with its own counter (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--seed", description = "random seed for the fault moments (default: time)")
    Long seed;

    @Option(names = "--fault-after-ms", defaultValue = "500..2000", description = "window after protection (back) in "
            + "which the round's fault comes, min..max (default ${DEFAULT-VALUE})")
    String faultWindow;

    @Option(names = "--epoch-ms", defaultValue = "25", description = "checkpoint interval (default ${DEFAULT-VALUE})")
    int epochMs;

    @Option(names = "--vm-mib", defaultValue = "4", description = "memory of each of the two checkpointing VMs: what a "
            + "join copies in full (default ${DEFAULT-VALUE})")
    int vmMiB;

    @Option(names = "--faults", defaultValue = "kill", split = ",", description = "faults to take in turn, round by round: "
            + "kill, pause, partition (default ${DEFAULT-VALUE})")
    List<String> faults;

    @Option(names = "--fault-ms", defaultValue = "1500", description = "how long a pause lasts, and a partition at least (default ${DEFAULT-VALUE})")
    int faultMs;

    @Option(names = "--no-fencing", description = "hosts run without witness and lease: a pause or a partition must be caught by the clients")
    boolean noFencing;

    @Option(names = "--event-log", paramLabel = "FILE", description = "each host process writes its NDJSON event log: "
            + "FILE with -primary, -secondary or -joiner-N before the extension, as --pcap (without fencing only the "
            + "primary's); the demo ends with the hac validate command that checks them together")
    Path eventLog;

    @Option(names = "--pcap", paramLabel = "FILE", description = "each host process writes a pcapng capture of what its "
            + "NIC sent: FILE with -primary, -secondary or -joiner-N (the host restarted in round N) before the "
            + "extension; a secondary's starts at its takeover. Killed hosts lose up to their last 100 ms of frames")
    Path pcap;

    @Override
    public Integer call() throws Exception {
        final Demo.Settings settings;
        try {
            final int[] w = window(faultWindow);
            final List<Demo.Fault> kinds = faults.stream().map(Demo.Fault::parse).toList();
            settings = new Demo.Settings(rounds, clients, seed != null ? seed : System.nanoTime(), w[0], w[1], epochMs,
                    vmMiB, unsafe, eventLog, kinds, !noFencing, faultMs, pcap);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("hac demo: " + e.getMessage());
            return Hac.BAD_INPUT;
        }
        final StatusLine status = StatusLine.on(spec.commandLine().getErr());
        try {
            final String heap = "-Xmx" + heapMiB(vmMiB) + "m";
            final Demo demo = new Demo(settings, (host, err) -> start(host, err, heap));
            return demo.run(spec.commandLine().getOut(), status::update) ? Hac.OK : Hac.FAILED;
        } finally {
            status.done();
        }
    }

    /**
     * A host's heap: its two VMs' memories, the standby's copies of them, and the full copies a join sends or
     * receives (sealed and opened), each of {@code vmMiB}; at least 512 MiB. A took-over 64 MiB pair ran out of a
     * fixed 512 MiB when the next joiner's full copies went out.
     */
    static int heapMiB(final int vmMiB) {
        return Math.max(512, 256 + 16 * vmMiB);
    }

    /** Starts a host as this same program in a child JVM on this class path, with the demo's machine-readable lines. */
    private static Process start(final Demo.Host host, final Path stderr, final String heap) throws IOException {
        final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC", heap, "-cp", System.getProperty("java.class.path"), Hac.class.getName()));
        cmd.addAll(arguments(host));
        return new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
    }

    /** The {@code hac} command line of a host. */
    static List<String> arguments(final Demo.Host host) {
        final List<String> a = new ArrayList<>();
        if (host instanceof Demo.WitnessHost w) {
            a.addAll(List.of("witness", "--listen", address(w.listen()), "--key", w.key().toString(), "--state",
                    w.state().toString()));
        } else if (host instanceof Demo.SecondaryHost s) {
            a.addAll(List.of("secondary", "--listen", address(s.listen()), "--bind", s.bind(), "--key",
                    s.key().toString(), "--status-ms", "0", "--failure-timeout-ms", String.valueOf(s.failureTimeoutMs())));
            if (s.join() != null) {
                a.addAll(List.of("--join", address(s.join())));
            }
            vms(a, s.vms());
            fencing(a, s.witness());
            optional(a, "--pcap", s.pcap());
            optional(a, "--event-log", s.eventLog());
        } else if (host instanceof Demo.PrimaryHost p) {
            a.addAll(List.of("primary", "--secondary", address(p.secondary()), "--bind", p.bind(), "--key",
                    p.key().toString(), "--status-ms", "0", "--epoch-ms", String.valueOf(p.epochMs()),
                    "--failure-timeout-ms", String.valueOf(p.failureTimeoutMs()), "--bulk-rate",
                    String.valueOf(p.bulkRate()), "--connect-timeout-ms", String.valueOf(p.connectTimeoutMs())));
            if (p.listen() != null) {
                a.addAll(List.of("--listen", address(p.listen())));
            }
            vms(a, p.vms());
            fencing(a, p.witness());
            if (p.unsafe()) {
                a.add("--unsafe");
            }
            optional(a, "--event-log", p.eventLog());
            optional(a, "--pcap", p.pcap());
        }
        a.add("--machine");
        return a;
    }

    private static void vms(final List<String> args, final List<String> vms) {
        for (final String vm : vms) {
            args.addAll(List.of("--vm", vm));
        }
    }

    private static String address(final InetSocketAddress at) {
        return at.getHostString() + ":" + at.getPort();
    }

    private static void fencing(final List<String> args, final String witness) {
        args.addAll(witness == null ? List.of("--no-fencing") : List.of("--witness", witness));
    }

    private static void optional(final List<String> args, final String option, final Path value) {
        if (value != null) {
            args.addAll(List.of(option, value.toString()));
        }
    }

    private static int[] window(final String text) {
        final String[] p = text.split("\\.\\.");
        try {
            final int[] w = {Integer.parseInt(p[0].trim()), Integer.parseInt(p[p.length - 1].trim())};
            if (p.length > 2 || w[0] < 0 || w[1] < w[0]) {
                throw new NumberFormatException();
            }
            return w;
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--fault-after-ms '" + text + "': expected min..max in ms, min <= max");
        }
    }

}
