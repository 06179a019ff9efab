package dev.hac.cli;

import dev.hac.cli.support.ScratchRoot;
import dev.hac.cli.support.StatusLine;
import dev.hac.spec.BadModelException;
import dev.hac.spec.CheckResult;
import dev.hac.spec.Distribution;
import dev.hac.spec.Model;
import dev.hac.spec.ModelChecker;
import dev.hac.spec.ModelRepository;
import dev.hac.spec.Mutant;
import dev.hac.spec.Outcome;
import dev.hac.spec.Scratch;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"TLC model checking of the spec: live progress, a per-property summary, and on a violation "
                + "the counterexample (printed, and saved as ITF JSON).",
                "Exit codes: 0 every property holds (or every mutant is killed), 1 a property is violated "
                        + "(or a mutant survives), 2 bad input (unknown model, spec or config error; in distributed "
                        + "mode also a port that cannot be bound or a worker that died)."})
final class CheckCommand implements Callable<Integer> {

    static final String DEFAULT_MODEL = "MC_default";

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME|FILE.cfg", defaultValue = DEFAULT_MODEL,
            description = "An embedded model (default: ${DEFAULT-VALUE}) or the path of a .cfg beside its .tla files.")
    String model;

    @Option(names = "--workers", paramLabel = "N", description = "TLC worker threads (default: the number of cores); "
            + "with --distributed, threads per worker JVM (default: cores / N, at least 1).")
    Integer workers;

    @Option(names = "--distributed", paramLabel = "N", description = "TLC's distributed mode on this machine: a server "
            + "JVM and N worker JVMs over RMI on loopback (invariants and deadlock; [][A]_v properties only on steps into new "
            + "states; no liveness).")
    Integer distributed;

    @Option(names = "--serve", description = "TLC's distributed mode across machines: run the server here and wait for "
            + "workers started with 'hac tlc-worker --server HOST[:PORT]' (checks as --distributed).")
    boolean serve;

    @Option(names = "--port", paramLabel = "P", description = "With --serve: the server's RMI registry port "
            + "(default: " + Distribution.DEFAULT_PORT + ").")
    Integer port;

    @Option(names = "--host", paramLabel = "HOST", description = "With --serve: the name or address workers reach "
            + "this machine by (default: this machine's host name).")
    String host;

    @Option(names = "--fpsets", paramLabel = "N", description = "With --distributed or --serve: keep the "
            + "fingerprints in N fingerprint set server JVMs instead of the server (with --distributed started here; with "
            + "--serve started on other machines with 'hac tlc-worker --fpset'); a power of two spreads them evenly.")
    Integer fpsets;

    @Option(names = "--mutants", description = "Run every embedded mutant; each must be killed by its named property.")
    boolean mutants;

    @Option(names = "--out", paramLabel = "DIR", description = "Where counterexamples are saved (default: target/hac/counterexamples).")
    Path out = ModelCheckReport.DEFAULT_OUT;

    @Mixin
    ScratchRoot scratchRoot;

    @Override
    public Integer call() {
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter stderr = spec.commandLine().getErr();
        final ModelChecker checker;
        try {
            checker = checker(stderr).withDistribution(distribution());
        } catch (final IllegalArgumentException | UnknownHostException e) {
            stderr.println("hac check: " + e.getMessage());
            return Hac.BAD_INPUT;
        }
        try (Scratch scratch = Scratch.create(scratchRoot.root(), "check")) {
            final ModelRepository repo = ModelRepository.embedded();
            if (mutants) {
                return MutantRun.runAll(repo, checker, scratch, stdout, stderr);
            }
            final Model resolved = repo.resolve(model, scratch);
            if (resolved.cfg().simulationOnly()) {
                stderr.println("hac check: " + resolved.origin() + "/" + resolved.cfgFile().getFileName()
                        + ": its header says 'mode: simulation': the state space is too big for exhaustive checking "
                        + "to end; its behaviours are drawn by 'hac conform --simulate N'");
                return Hac.BAD_INPUT;
            }
            checker.requireCheckable(resolved);
            final CheckResult result = checker.check(resolved);
            return ModelCheckReport.print(result, stdout, stderr, out);
        } catch (final BadModelException e) {
            stderr.println("hac check: " + e.getMessage());
            return Hac.BAD_INPUT;
        } catch (final IOException e) {
            stderr.println("hac check: " + e.getMessage());
            return Hac.BAD_INPUT;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            stderr.println("hac check: interrupted");
            return Hac.FAILED;
        }
    }

    /** The checker the options describe, in one JVM. */
    ModelChecker checker(final PrintWriter stderr) {
        if (workers != null && workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, not " + workers);
        }
        final int cores = Runtime.getRuntime().availableProcessors();
        final int threads = distributed != null ? Math.max(1, cores / Math.max(1, distributed)) : cores;
        return new ModelChecker()
                .withWorkers(workers != null ? workers : threads)
                .withScratchRoot(scratchRoot.root())
                .withListener(new ProgressPrinter(StatusLine.on(stderr)));
    }

    /** Where TLC runs, from --distributed, --serve, --port and --host. */
    private Distribution distribution() throws UnknownHostException {
        if (distributed != null && serve) {
            throw new IllegalArgumentException("--distributed and --serve exclude each other: --distributed runs the "
                    + "workers here, --serve waits for workers on other machines");
        }
        if ((port != null || host != null) && !serve) {
            throw new IllegalArgumentException("--port and --host only go with --serve");
        }
        if (fpsets != null && (distributed == null && !serve || fpsets < 1)) {
            throw new IllegalArgumentException(fpsets < 1 ? "--fpsets must be at least 1, not " + fpsets
                    : "--fpsets only goes with --distributed or --serve: in one JVM the fingerprints stay in TLC");
        }
        final int sets = fpsets != null ? fpsets : 0;
        if (distributed != null) {
            if (distributed < 1) {
                throw new IllegalArgumentException("--distributed must be at least 1, not " + distributed);
            }
            return Distribution.localWorkers(distributed, sets);
        }
        if (serve) {
            final int p = port != null ? port : Distribution.DEFAULT_PORT;
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("--port " + p + " is not in 1..65535");
            }
            return Distribution.server(host != null ? host : InetAddress.getLocalHost().getHostName(), p, sets);
        }
        return Distribution.oneJvm();
    }

    /** Runs every mutant and prints which property killed each. */
    static final class MutantRun {
        private MutantRun() {
        }

        static int runAll(final ModelRepository repo, final ModelChecker checker, final Scratch scratch,
                          final PrintWriter out, final PrintWriter err)
                throws IOException, InterruptedException, BadModelException {
            final List<Mutant> all = repo.mutants();
            if (all.isEmpty()) {
                out.println("no mutants found");
                return Hac.BAD_INPUT;
            }
            final TextTable table = new TextTable("mutant", "expected", "TLC reported", "verdict", "what it breaks");
            int survivors = 0;
            int errors = 0;
            for (int i = 0; i < all.size(); i++) {
                final Mutant m = all.get(i);
                err.printf("mutant %d/%d %s (must violate %s): %s%n", i + 1, all.size(), m.name(), m.kills(),
                        m.description());
                err.flush();
                String reported;
                String verdict;
                try (Scratch one = scratch.child(m.name())) {
                    final Model mutated = repo.mutated(m, one);
                    checker.requireCheckable(mutated);
                    final CheckResult r = checker.check(mutated);
                    reported = describe(r);
                    verdict = verdict(m, r);
                } catch (final BadModelException e) {
                    reported = e.getMessage();
                    verdict = "error";
                }
                survivors += verdict.equals("killed") || verdict.equals("error") ? 0 : 1;
                errors += verdict.equals("error") ? 1 : 0;
                table.row(m.name(), m.kills(), reported, verdict, m.description());
            }
            out.println();
            table.print(out);
            out.printf("%d mutants: %d killed by their property, %d not, %d errors%n", all.size(),
                    all.size() - survivors - errors, survivors, errors);
            out.flush();
            return errors > 0 ? Hac.BAD_INPUT : survivors > 0 ? Hac.FAILED : Hac.OK;
        }

        private static String describe(final CheckResult r) {
            return switch (r.outcome()) {
                case PASS -> "nothing (all hold)";
                case DEADLOCK -> "deadlock";
                case ERROR -> "error at " + r.errorLocation();
                default -> r.property();
            };
        }

        static String verdict(final Mutant m, final CheckResult r) {
            if (r.outcome() == Outcome.ERROR) {
                return "error";
            }
            if (r.outcome() == Outcome.PASS) {
                return "survived";
            }
            return m.kills().equals(r.property()) ? "killed" : "killed-by-wrong-property";
        }
    }
}
