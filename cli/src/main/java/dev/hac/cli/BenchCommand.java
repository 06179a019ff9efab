package dev.hac.cli;

import dev.hac.bench.NicBench;
import dev.hac.bench.PriorityPlot;
import dev.hac.bench.PrioritySimulation;
import dev.hac.bench.replication.LatencyBench;
import dev.hac.bench.replication.ReplicationBench;
import dev.hac.cli.support.WriterStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hac bench nic|priority|replication|latency}. */
@Command(name = "bench", description = "Benchmarks: nic (engine throughput, JMH), priority (the priority rule's "
        + "latency effect, simulated), replication, latency (answer latency per checkpoint trigger).",
        subcommands = {BenchCommand.Nic.class, BenchCommand.Priority.class, BenchCommand.Replication.class,
            BenchCommand.Latency.class})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("hac bench: name a benchmark: nic, priority, replication or latency");
        spec.commandLine().usage(spec.commandLine().getErr());
        return Hac.BAD_INPUT;
    }

    @Command(name = "nic", description = "JMH: 64 B and 1500 B frames through buffer -> seal -> commit -> transmit, "
            + "engine vs a java.util baseline, allocation per frame (-prof gc), release time at 1k/10k/100k frames.")
    static final class Nic implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--forks", defaultValue = "1", description = "JMH forks per benchmark (default ${DEFAULT-VALUE}).")
        int forks;

        @Option(names = "--warmup", defaultValue = "3", description = "Warmup iterations (default ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--iterations", defaultValue = "5", description = "Measurement iterations (default ${DEFAULT-VALUE}).")
        int iterations;

        @Option(names = "--iteration-ms", defaultValue = "1000", description = "Length of one iteration (default ${DEFAULT-VALUE}).")
        int iterationMillis;

        @Option(names = "--release-shots", defaultValue = "300",
                description = "Timed releases per fill size, after as many warmup releases (default ${DEFAULT-VALUE}).")
        int releaseShots;

        @Option(names = "--quick", description = "1 warmup and 2 measurement iterations of 500 ms, 50 release shots: "
                + "a smoke run, not figures.")
        boolean quick;

        @Override
        public Integer call() throws Exception {
            final PrintWriter err = spec.commandLine().getErr();
            final NicBench.Settings settings;
            try {
                settings = quick ? new NicBench.Settings(forks, 1, 2, 500, 50)
                        : new NicBench.Settings(forks, warmup, iterations, iterationMillis, releaseShots);
            } catch (IllegalArgumentException e) {
                err.println("hac bench nic: " + e.getMessage());
                return Hac.BAD_INPUT;
            }
            final NicBench.Report report = NicBench.run(settings);
            report.print(WriterStream.of(spec.commandLine().getOut()));
            return Hac.OK;
        }
    }

    @Command(name = "priority", description = "Discrete-event simulation of N checkpointing and M ordinary VMs on one "
            + "link: waits of released and ordinary frames under FIFO, STRICT and BOUNDED_BYPASS(k), and a PNG plot.")
    static final class Priority implements Callable<Integer> {

        private static final PrioritySimulation.Settings D = PrioritySimulation.Settings.defaults();

        @Spec
        CommandSpec spec;

        @Option(names = "--ckpt-vms", description = "Checkpointing VMs (default 4).")
        int ckptVms = D.checkpointingVms();

        @Option(names = "--plain-vms", description = "Ordinary VMs (default 4).")
        int plainVms = D.ordinaryVms();

        @Option(names = "--link-gbps", description = "Link rate in Gbit/s (default 10).")
        double linkGbps = D.linkGbps();

        @Option(names = "--frame-bytes", description = "Frame size (default 1500).")
        int frameBytes = D.frameBytes();

        @Option(names = "--epoch-ms", description = "Checkpoint interval per VM (default 10).")
        double epochMillis = D.epochMillis();

        @Option(names = "--commit-ms", description = "Seal-to-commit time (default 2).")
        double commitMillis = D.commitMillis();

        @Option(names = "--ckpt-load", description = "Offered load per checkpointing VM, fraction of the link (default 0.10).")
        double ckptLoad = D.checkpointingLoad();

        @Option(names = "--plain-load", description = "Offered load per ordinary VM, fraction of the link (default 0.15).")
        double plainLoad = D.ordinaryLoad();

        @Option(names = "--seconds", description = "Simulated time (default 2).")
        double seconds = D.seconds();

        @Option(names = "--k", description = "k of BOUNDED_BYPASS(k) (default 4).")
        int k = D.bypassK();

        @Option(names = "--seed", description = "Arrival seed (default 1).")
        long seed = D.seed();

        @Option(names = "--plot", defaultValue = "target/bench/priority.png", description = "PNG to write (default ${DEFAULT-VALUE}).")
        Path plot;

        @Override
        public Integer call() throws Exception {
            final PrintWriter err = spec.commandLine().getErr();
            final PrioritySimulation.Settings s;
            try {
                s = new PrioritySimulation.Settings(ckptVms, plainVms, linkGbps, frameBytes, epochMillis,
                        commitMillis, ckptLoad, plainLoad, seconds, k, seed);
            } catch (IllegalArgumentException e) {
                err.println("hac bench priority: " + e.getMessage());
                return Hac.BAD_INPUT;
            }
            final String setup = String.format(Locale.ROOT,
                    "%d checkpointing x %.0f%% + %d ordinary x %.0f%% of %.0f Gbit/s (offered %.0f%%), %d B frames, "
                            + "epoch %.1f ms, commit %.1f ms, %.1f s simulated",
                    ckptVms, ckptLoad * 100, plainVms, plainLoad * 100, linkGbps, s.offeredLoad() * 100, frameBytes,
                    epochMillis, commitMillis, seconds);
            final PrintWriter out = spec.commandLine().getOut();
            out.println(setup);
            final List<PrioritySimulation.Outcome> outcomes = PrioritySimulation.runAll(s, out::println);
            out.println();
            out.println(PrioritySimulation.HEADER);
            outcomes.forEach(o -> out.println(o.row()));
            PriorityPlot.write(outcomes, String.format(Locale.ROOT, "%d+%d VMs, %.0f%% offered, epoch %.0f ms",
                    ckptVms, plainVms, s.offeredLoad() * 100, epochMillis), plot);
            out.println();
            out.println("plot: " + plot.toAbsolutePath().normalize());
            return Hac.OK;
        }
    }

    @Command(name = "replication", description = "Checkpoint replication of one VM over real TCP on loopback: "
            + "checkpoints/s, commit latency p50/p99 (HdrHistogram), takeover time, against a raw memcpy baseline.")
    static final class Replication implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--memory-mib", defaultValue = "64", description = "VM memory in MiB (default ${DEFAULT-VALUE}).")
        int memoryMib;

        @Option(names = "--dirty", split = ",", defaultValue = "1,5",
                description = "Percent of pages dirtied per epoch, one run each (default ${DEFAULT-VALUE}).")
        List<Integer> dirty;

        @Option(names = "--warmup-s", defaultValue = "2", description = "Warm-up seconds per run (default ${DEFAULT-VALUE}).")
        int warmupSeconds;

        @Option(names = "--seconds", defaultValue = "5", description = "Measured seconds per run (default ${DEFAULT-VALUE}).")
        int seconds;

        @Override
        public Integer call() throws Exception {
            final ReplicationBench.Settings settings;
            try {
                settings = new ReplicationBench.Settings(memoryMib, dirty,
                        Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds));
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("hac bench replication: " + e.getMessage());
                return Hac.BAD_INPUT;
            }
            final PrintStream out = WriterStream.of(spec.commandLine().getOut());
            ReplicationBench.print(ReplicationBench.run(settings, out), settings, out);
            return Hac.OK;
        }
    }

    @Command(name = "latency", description = "Answer latency added by output commit, per checkpoint trigger in one run: "
            + "no buffering (baseline), epoch timer, checkpoint on output; a live pair on loopback and a UDP kv client.")
    static final class Latency implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--memory-mib", defaultValue = "64", description = "VM memory in MiB (default ${DEFAULT-VALUE}).")
        int memoryMib;

        @Option(names = "--rate", defaultValue = "200", description = "Requests per second of each client (default ${DEFAULT-VALUE}).")
        int rate;

        @Option(names = "--clients", defaultValue = "1", description = "Clients, each on its own key with one request "
                + "outstanding (default ${DEFAULT-VALUE}); more make answers queue behind the checkpoint in flight.")
        int clients;

        @Option(names = "--epoch-ms", defaultValue = "25", description = "Epoch timer interval (default ${DEFAULT-VALUE}).")
        int epochMs;

        @Option(names = "--warmup-s", defaultValue = "1", description = "Warm-up seconds per phase (default ${DEFAULT-VALUE}).")
        int warmupSeconds;

        @Option(names = "--seconds", defaultValue = "5", description = "Measured seconds per phase (default ${DEFAULT-VALUE}).")
        int seconds;

        @Override
        public Integer call() throws Exception {
            final LatencyBench.Settings settings;
            try {
                settings = new LatencyBench.Settings(memoryMib, rate, epochMs, clients, Duration.ofSeconds(warmupSeconds),
                        Duration.ofSeconds(seconds));
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("hac bench latency: " + e.getMessage());
                return Hac.BAD_INPUT;
            }
            final PrintStream out = WriterStream.of(spec.commandLine().getOut());
            LatencyBench.print(LatencyBench.run(settings, out), settings, out);
            out.flush();
            return Hac.OK;
        }
    }
}
