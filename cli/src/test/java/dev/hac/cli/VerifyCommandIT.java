package dev.hac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code hac verify}: check MC_default, conform MC_conformance, a short fuzz of every target (about 90 s). */
class VerifyCommandIT {

    @Test
    void verifyChecksConformsAndFuzzesAndPrintsOneSummary() {
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
                .containsPattern("check MC_default +ok +MC_default: PASS")
                .containsPattern("conform MC_conformance +ok +edges ([0-9,]+)/\\1 \\(100\\.0%\\).*no divergence")
                .containsPattern("fuzz all targets +ok +5 target\\(s\\) x 8s: [0-9,]+ executions, 0 unique failure");
    }
}
