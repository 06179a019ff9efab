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

    @Command(name = "conform", description = "Generate traces from the spec and replay them against an implementation (not built yet).")
    static final class Conform extends NotBuiltYet { }

    @Command(name = "validate", description = "Trace validation of an implementation log against the spec (not built yet).")
    static final class Validate extends NotBuiltYet { }

    @Command(name = "primary", description = "Run the primary host of a live HA pair (not built yet).")
    static final class Primary extends NotBuiltYet { }

    @Command(name = "secondary", description = "Run the secondary host of a live HA pair (not built yet).")
    static final class Secondary extends NotBuiltYet { }

    @Command(name = "demo", description = "Live HA pair on loopback; kills the primary and checks the clients' view (not built yet).")
    static final class Demo extends NotBuiltYet { }

    @Command(name = "bench", description = "Benchmarks: nic, priority, replication (not built yet).")
    static final class Bench extends NotBuiltYet { }
}
