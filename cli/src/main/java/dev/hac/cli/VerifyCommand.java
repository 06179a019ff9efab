package dev.hac.cli;

import dev.hac.cli.support.StatusLine;
import dev.hac.cli.support.WriterStream;
import dev.hac.conformance.ConformanceRun;
import dev.hac.fuzz.FuzzTarget;
import dev.hac.fuzz.campaign.Campaign;
import dev.hac.spec.BadModelException;
import dev.hac.spec.CheckResult;
import dev.hac.spec.ModelRepository;
import dev.hac.spec.Scratch;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "The main job on the embedded default models: check, conform, a short fuzz; one summary.")
final class VerifyCommand implements Callable<Integer> {

    /** Per target: enough for a smoke test of every driver with coverage, short enough for the main job. */
    private static final Duration SHORT_FUZZ = Duration.ofSeconds(8);

    @Spec
    CommandSpec spec;

    /** What one step of the job found: its exit code (0/1/2) and a one-line summary. */
    record StepResult(int exitCode, String summary) {
    }

    /** What a step does; prints its own details, returns its verdict. */
    interface StepBody {
        StepResult run(PrintWriter out, PrintWriter err) throws Exception;
    }

    /** One named step of the job. */
    record Step(String name, StepBody body) {
    }

    /** The job, in order: one line per step. */
    private static List<Step> steps() {
        return List.of(
                new Step("check " + CheckCommand.DEFAULT_MODEL, VerifyCommand::checkDefaultModel),
                new Step("conform " + ConformCommand.DEFAULT_MODEL, VerifyCommand::conformDefaultModel),
                new Step("fuzz all targets", VerifyCommand::shortFuzz));
    }

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final TextTable table = new TextTable("step", "result", "summary");
        int exit = Hac.OK;
        for (final Step step : steps()) {
            StepResult r;
            try {
                r = step.body().run(out, err);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                r = new StepResult(Hac.FAILED, "interrupted");
            } catch (final Exception e) {
                r = new StepResult(Hac.BAD_INPUT, e.getMessage());
            }
            table.row(step.name(), r.exitCode() == Hac.OK ? "ok" : r.exitCode() == Hac.FAILED ? "FAILED"
                    : "ERROR", r.summary());
            exit = Math.max(exit, r.exitCode());
        }
        out.println();
        out.println("hac verify:");
        table.print(out);
        return exit;
    }

    /** Runs {@code hac conform} with its defaults: every edge of MC_conformance against the reference implementation. */
    private static StepResult conformDefaultModel(final PrintWriter out, final PrintWriter err) throws Exception {
        final ConformCommand conform = new ConformCommand();
        new CommandLine(conform).setOut(out).setErr(err).parseArgs();
        final StatusLine status = StatusLine.on(err);
        final ConformanceRun.Result r = ConformanceRun.run(conform.settings(), status);
        status.done();
        return new StepResult(ConformCommand.print(r, out, err), r.summary());
    }

    /** A short Zest campaign per fuzz target; {@code hac fuzz --time} runs longer ones. */
    private static StepResult shortFuzz(final PrintWriter out, final PrintWriter err) throws Exception {
        final PrintStream stdout = WriterStream.of(out);
        final Campaign.Batch batch = Campaign.runAll(List.of(FuzzTarget.values()), SHORT_FUZZ,
                Path.of("target/hac/verify-fuzz"), stdout, System.console() != null);
        return new StepResult(FuzzCommand.report(batch, stdout, err), batch.line());
    }

    private static StepResult checkDefaultModel(final PrintWriter out, final PrintWriter err) throws Exception {
        final CheckCommand check = new CheckCommand();
        new CommandLine(check).setOut(out).setErr(err).parseArgs();
        try (Scratch scratch = Scratch.create(Scratch.DEFAULT_ROOT, "verify")) {
            final CheckResult r = check.checker(err).check(ModelRepository.embedded()
                    .model(CheckCommand.DEFAULT_MODEL, scratch));
            final int code = ModelCheckReport.print(r, out, err, ModelCheckReport.DEFAULT_OUT);
            return new StepResult(code, ModelCheckReport.summary(r));
        } catch (final BadModelException e) {
            return new StepResult(Hac.BAD_INPUT, e.getMessage());
        }
    }
}
