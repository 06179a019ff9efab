package dev.hac.cli;

import dev.hac.cli.support.ScratchRoot;
import dev.hac.cli.support.StatusLine;
import dev.hac.spec.BadModelException;
import dev.hac.spec.CheckResult;
import dev.hac.spec.Model;
import dev.hac.spec.ModelChecker;
import dev.hac.spec.ModelRepository;
import dev.hac.spec.Mutant;
import dev.hac.spec.Outcome;
import dev.hac.spec.Scratch;
import java.io.IOException;
import java.io.PrintWriter;
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
                        + "(or a mutant survives), 2 bad input (unknown model, spec or config error)."})
final class CheckCommand implements Callable<Integer> {

    static final String DEFAULT_MODEL = "MC_default";

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME|FILE.cfg", defaultValue = DEFAULT_MODEL,
            description = "An embedded model (default: ${DEFAULT-VALUE}) or the path of a .cfg beside its .tla files.")
    String model;

    @Option(names = "--workers", paramLabel = "N", description = "TLC worker threads (default: the number of cores).")
    Integer workers;

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
        if (workers != null && workers < 1) {
            stderr.println("hac check: --workers must be at least 1, not " + workers);
            return Hac.BAD_INPUT;
        }
        final ModelChecker checker = checker(stderr);
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

    ModelChecker checker(final PrintWriter stderr) {
        return new ModelChecker()
                .withWorkers(workers != null ? workers : Runtime.getRuntime().availableProcessors())
                .withScratchRoot(scratchRoot.root())
                .withListener(new ProgressPrinter(StatusLine.on(stderr)));
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
                    final CheckResult r = checker.check(repo.mutated(m, one));
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
