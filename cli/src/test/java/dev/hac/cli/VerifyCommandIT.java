package dev.hac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code hac verify} on the embedded default model (about 20 s of TLC). */
class VerifyCommandIT {

    @Test
    void verifyChecksTheDefaultModelAndPrintsOneSummary() {
        final ByteArrayOutputStream o = new ByteArrayOutputStream();
        final PrintStream oldOut = System.out;
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        final int exit;
        try {
            exit = Hac.run("verify");
        } finally {
            System.setOut(oldOut);
        }
        final String out = o.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("MC_default: PASS").contains("OutputCommit").contains("hac verify:")
                .containsPattern("check MC_default +ok +MC_default: PASS");
    }
}
