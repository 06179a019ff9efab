package dev.hac.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "check", description = "TLC model checking of the spec.")
final class CheckCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return Hac.BAD_INPUT;
    }
}
