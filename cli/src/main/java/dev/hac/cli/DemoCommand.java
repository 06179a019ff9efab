package dev.hac.cli;

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
        "Live HA pair on two loopback addresses (primary 127.0.0.1, secondary 127.0.0.2, witness 127.0.0.3), each a",
        "separate OS process: UDP clients send every request to both addresses, one fault per round (--faults, in",
        "turn: kill = SIGKILL the primary, pause = SIGSTOP it past the takeover, partition = cut the replication link",
        "silently, then heal it), and the clients check that no answer they saw is contradicted and that never two",
        "hosts answer for one VM. Exit 0 only when every round holds; --unsafe (no output buffering) and --no-fencing",
        "(no witness, no lease) must show the violation."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rounds", defaultValue = "1", description = "rounds, each with a new random kill moment (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--unsafe", description = "primary runs without NIC output buffering: the check must catch the violation")
    boolean unsafe;

    @Option(names = "--clients", defaultValue = "4", description = "UDP clients, each with its own counter (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--seed", description = "random seed for the kill moments (default: time)")
    Long seed;

    @Option(names = "--kill-after-ms", defaultValue = "500..2000", description = "kill window after protection starts, min..max (default ${DEFAULT-VALUE})")
    String killWindow;

    @Option(names = "--after-ms", defaultValue = "1000", description = "client load after the takeover (default ${DEFAULT-VALUE})")
    int afterMs;

    @Option(names = "--epoch-ms", defaultValue = "25", description = "checkpoint interval (default ${DEFAULT-VALUE})")
    int epochMs;

    @Option(names = "--faults", defaultValue = "kill", split = ",", description = "faults to take in turn, round by round: "
            + "kill, pause, partition (default ${DEFAULT-VALUE})")
    List<String> faults;

    @Option(names = "--fault-ms", defaultValue = "1500", description = "how long a pause or a partition lasts (default ${DEFAULT-VALUE})")
    int faultMs;

    @Option(names = "--no-fencing", description = "hosts run without witness and lease: a pause or a partition must be caught by the clients")
    boolean noFencing;

    @Option(names = "--event-log", paramLabel = "FILE", description = "the primary writes its NDJSON event log here "
            + "(round N of several: FILE with -N before the extension); check it with hac validate --trace FILE")
    Path eventLog;

    @Option(names = "--pcap", paramLabel = "FILE", description = "each host writes a pcapng capture of what its NIC sent: "
            + "FILE with -primary or -secondary before the extension (wire-primary.pcapng, wire-secondary.pcapng; "
            + "round N of several: then -N); the secondary's starts at the takeover. Both hosts are SIGKILLed at the "
            + "end of a round, so the last 100 ms of frames may be missing")
    Path pcap;

    @Override
    public Integer call() throws Exception {
        final Demo.Settings settings;
        try {
            final int[] w = window(killWindow);
            final List<Demo.Fault> kinds = faults.stream().map(Demo.Fault::parse).toList();
            settings = new Demo.Settings(rounds, clients, seed != null ? seed : System.nanoTime(), w[0], w[1], afterMs,
                    epochMs, unsafe, eventLog, kinds, !noFencing, faultMs, pcap);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("hac demo: " + e.getMessage());
            return Hac.BAD_INPUT;
        }
        return new Demo(settings, DemoCommand::start).run(spec.commandLine().getOut()) ? Hac.OK : Hac.FAILED;
    }

    /** Starts a host as this same program in a child JVM on this class path, with the demo's machine-readable lines. */
    private static Process start(final Demo.Host host, final Path stderr) throws IOException {
        final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC", "-Xmx512m", "-cp", System.getProperty("java.class.path"), Hac.class.getName()));
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
            fencing(a, s.witness());
            optional(a, "--pcap", s.pcap());
        } else if (host instanceof Demo.PrimaryHost p) {
            a.addAll(List.of("primary", "--secondary", address(p.secondary()), "--bind", p.bind(), "--key",
                    p.key().toString(), "--status-ms", "0", "--epoch-ms", String.valueOf(p.epochMs()),
                    "--failure-timeout-ms", String.valueOf(p.failureTimeoutMs()), "--bulk-rate",
                    String.valueOf(p.bulkRate()), "--connect-timeout-ms", String.valueOf(p.connectTimeoutMs())));
            for (final String vm : p.vms()) {
                a.addAll(List.of("--vm", vm));
            }
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
            throw new IllegalArgumentException("--kill-after-ms '" + text + "': expected min..max in ms, min <= max");
        }
    }

}
