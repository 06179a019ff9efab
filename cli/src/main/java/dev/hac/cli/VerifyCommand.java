package dev.hac.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "verify", description = "The main job on the embedded default models: check (+ conform + fuzz as they land), one summary.")
final class VerifyCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return Hac.BAD_INPUT;
    }
}
