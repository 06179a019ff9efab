package dev.hac.fencing;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A witness that is a file both hosts can reach (one machine, or shared storage as VMware FT uses it): the
 * compare-and-set runs in the claimant's process on the {@link WitnessRegister}. An I/O error is an
 * unreachable witness; the claim may have been applied when the error came after the write began.
 */
public final class FileWitness implements Witness {
    private final WitnessRegister register;

    public FileWitness(final Path file) {
        this.register = new WitnessRegister(file);
    }

    @Override
    public Answer claim(final long generation, final String claimant) {
        try {
            return register.claim(generation, claimant);
        } catch (IOException e) {
            return Answer.unreachable(true, register.file() + ": " + e.getMessage());
        }
    }

    @Override
    public Answer read() {
        try {
            final WitnessRegister.Value v = register.read();
            return new Answer(Outcome.READ, v.generation(), v.holder(), false, "read");
        } catch (IOException e) {
            return Answer.unreachable(false, register.file() + ": " + e.getMessage());
        }
    }

    @Override
    public String describe() {
        return "file:" + register.file();
    }
}
