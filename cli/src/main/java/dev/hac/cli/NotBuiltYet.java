package dev.hac.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * Commands of DESIGN.md §5 whose issues have not landed yet. {@code hac --help}
 * lists them so the shape of the tool is visible; running one says so and exits 2.
 */
abstract class NotBuiltYet implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> ignored;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("hac " + spec.name() + ": not built yet (see the open issues)");
        return Hac.BAD_INPUT;
    }

    @Command(name = "fuzz", description = "Zest fuzzing of the NIC engine and decoders (not built yet).")
    static final class Fuzz extends NotBuiltYet { }
}
