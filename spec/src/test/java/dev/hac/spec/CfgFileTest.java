package dev.hac.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CfgFileTest {

    private static final String TEXT = String.join("\n",
            "\\* Two VMs, all failures: the safety properties hold.",
            "\\* expect: violation OutputCommit",
            "\\* module: MCOutputCommit",
            "SPECIFICATION Spec (* the (* nested *) spec *)",
            "CONSTANTS",
            "  CkptVMs = {\"c1\", \"c2\"}  PlainVMs = {\"p1\"}",
            "  Cap = 2",
            "  Policy <- MCPolicy",
            "INVARIANTS TypeOK \\* the types",
            "  OutputCommit",
            "PROPERTIES Live1 Live2",
            "CHECK_DEADLOCK FALSE",
            "");

    private final CfgFile cfg = CfgFile.parse(Path.of("MC_x.cfg"), TEXT);

    @Test
    void readsTheHeaderConvention() {
        assertThat(cfg.purpose()).isEqualTo("Two VMs, all failures: the safety properties hold.");
        assertThat(cfg.expectation()).isEqualTo(new CfgFile.Expectation("OutputCommit"));
        assertThat(cfg.module()).isEqualTo("MCOutputCommit");
        assertThat(CfgFile.parse(Path.of("a.cfg"), "\\* p\n\\* expect: pass\n").expectation().pass()).isTrue();
        assertThat(cfg.simulationOnly()).isFalse();
        assertThat(CfgFile.parse(Path.of("s.cfg"), "\\* p\n\\* mode: simulation\n").simulationOnly()).isTrue();
    }

    @Test
    void readsSectionsIgnoringComments() {
        assertThat(cfg.invariants()).containsExactly("TypeOK", "OutputCommit");
        assertThat(cfg.properties()).containsExactly("Live1", "Live2");
        assertThat(cfg.constants()).containsExactly(
                new CfgFile.Constant("CkptVMs", false, "{\"c1\", \"c2\"}"),
                new CfgFile.Constant("PlainVMs", false, "{\"p1\"}"),
                new CfgFile.Constant("Cap", false, "2"),
                new CfgFile.Constant("Policy", true, "MCPolicy"));
        assertThat(cfg.lineOf("OutputCommit")).isEqualTo(10);
    }

    @Test
    void derivesAConfigCheckingOnePropertyAlone() {
        final CfgFile only = CfgFile.parse(Path.of("d.cfg"), cfg.withOnlyProperty("Live2"));
        assertThat(only.properties()).containsExactly("Live2");
        assertThat(only.invariants()).isEmpty();
        assertThat(only.constants()).hasSize(4);
        assertThat(only.text()).contains("SPECIFICATION Spec").contains("CHECK_DEADLOCK FALSE");
    }
}
