package dev.hac.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hac} command: a thin shell over the library modules. Every subcommand
 * is a {@code Callable<Integer>} returning the exit code of docs/DESIGN.md §5:
 * 0 holds/passed, 1 a property or conformance check failed, 2 bad usage or input,
 * 3 a primary halted because its secondary won the witness.
 */
@Command(name = "hac",
        mixinStandardHelpOptions = true,
        versionProvider = Hac.Version.class,
        description = "Checkpoint-based high availability with output buffering in the NIC: "
                + "model checking, conformance, fuzzing, a live HA pair and benchmarks.",
        subcommands = {
                VerifyCommand.class,
                CheckCommand.class,
                ConformCommand.class,
                ValidateCommand.class,
                FuzzCommand.class,
                PrimaryCommand.class,
                SecondaryCommand.class,
                DemoCommand.class,
                WitnessCommand.class,
                BenchCommand.class,
        })
public final class Hac {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    /** A primary that lost the witness to its secondary halted: it sent nothing after the loss. */
    public static final int HALTED = 3;

    private Hac() {
    }

    public static void main(final String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line without exiting, for tests. */
    public static int run(final String... args) {
        return new CommandLine(new Hac())
                .setExitCodeExceptionMapper(e -> BAD_INPUT)
                .setParameterExceptionHandler((ex, a) -> {
                    ex.getCommandLine().getErr().println("hac: " + ex.getMessage());
                    ex.getCommandLine().usage(ex.getCommandLine().getErr());
                    return BAD_INPUT;
                })
                .execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            final String v = Hac.class.getPackage().getImplementationVersion();
            return new String[] {"hac " + (v == null ? "dev" : v)};
        }
    }
}
