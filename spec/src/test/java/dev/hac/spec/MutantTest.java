package dev.hac.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutantTest {

    @TempDir
    Path dir;

    private Mutant mutant(final String text) throws Exception {
        final Path f = Files.writeString(dir.resolve("M.mutant"), text);
        return Mutant.read(f, "mutants/M.mutant");
    }

    private static final String HEADER = "\\* mutant: breaks it\n\\* model: MC_x\n\\* kills: Safe\n";

    @Test
    void readsHeaderAndSeveralPatchBlocks() throws Exception {
        final Mutant m = mutant(HEADER + "\\* why: because\n<<<<<<< A.tla\nx == 1\ny == 2\n=======\nx == 3\n>>>>>>>\n"
                + "<<<<<<< MC_x.cfg\nINVARIANT Safe\n=======\n>>>>>>>\n");
        assertThat(m.name()).isEqualTo("M");
        assertThat(m.description()).isEqualTo("breaks it");
        assertThat(m.model()).isEqualTo("MC_x");
        assertThat(m.kills()).isEqualTo("Safe");
        assertThat(m.why()).isEqualTo("because");
        assertThat(m.patches()).containsExactly(
                new Mutant.Patch("A.tla", "x == 1\ny == 2\n", "x == 3\n", 6),
                new Mutant.Patch("MC_x.cfg", "INVARIANT Safe\n", "", 12));
    }

    @Test
    void appliesPatchesToTheScratchCopy() throws Exception {
        Files.writeString(dir.resolve("A.tla"), "---- MODULE A ----\nx == 1\ny == 2\nz == 0\n====\n");
        mutant(HEADER + "<<<<<<< A.tla\nx == 1\ny == 2\n=======\nx == 3\n>>>>>>>\n").applyTo(dir);
        assertThat(Files.readString(dir.resolve("A.tla"))).isEqualTo("---- MODULE A ----\nx == 3\nz == 0\n====\n");
    }

    @Test
    void refusesAPatchWhoseOldTextIsMissingOrAmbiguousNamingTheMutantLine() throws Exception {
        Files.writeString(dir.resolve("A.tla"), "x == 1\nx == 1\ny == 2\n");
        final Mutant missing = mutant(HEADER + "\n<<<<<<< A.tla\nw == 9\n=======\nw == 8\n>>>>>>>\n");
        assertThatThrownBy(() -> missing.applyTo(dir)).isInstanceOf(BadModelException.class)
                .hasMessage("mutants/M.mutant:6: the old text does not occur in A.tla (has the spec changed?)");
        final Mutant twice = mutant(HEADER + "<<<<<<< A.tla\nx == 1\n=======\nx == 2\n>>>>>>>\n");
        assertThatThrownBy(() -> twice.applyTo(dir)).hasMessageContaining("M.mutant:5: the old text occurs more than once");
        final Mutant noFile = mutant(HEADER + "<<<<<<< B.tla\nx == 1\n=======\n>>>>>>>\n");
        assertThatThrownBy(() -> noFile.applyTo(dir)).hasMessageContaining("M.mutant:4: patches B.tla");
    }

    @Test
    void refusesMalformedMutantFiles() {
        assertThatThrownBy(() -> mutant("\\* mutant: x\n\\* model: MC_x\n<<<<<<< A.tla\na\n=======\nb\n>>>>>>>\n"))
                .hasMessageContaining("missing header line '\\* kills: ...'");
        assertThatThrownBy(() -> mutant(HEADER + "<<<<<<< A.tla\na\n=======\nb\n"))
                .hasMessageContaining("M.mutant:4: patch block is not closed");
        assertThatThrownBy(() -> mutant(HEADER + "<<<<<<< A.tla\na\n>>>>>>>\n"))
                .hasMessageContaining("M.mutant:4: patch block has no '=======' line");
        assertThatThrownBy(() -> mutant(HEADER + "stray text\n")).hasMessageContaining("M.mutant:4: expected");
        assertThatThrownBy(() -> mutant(HEADER)).hasMessageContaining("no patch block");
    }

    @Test
    void everyToyMutantIsKilledByItsNamedProperty() throws Exception {
        final ModelRepository repo = TestModels.toy();
        final List<Mutant> mutants = repo.mutants();
        assertThat(mutants).extracting(Mutant::name).containsExactly("NoFairness", "OffByOne");
        final ModelChecker checker = new ModelChecker().withScratchRoot(TestModels.SCRATCH);
        try (Scratch scratch = Scratch.create(TestModels.SCRATCH, "mutants")) {
            for (final Mutant m : mutants) {
                final CheckResult r = checker.check(repo.mutated(m, scratch));
                assertThat(r.outcome().isViolation()).as(m.name()).isTrue();
                assertThat(r.property()).as(m.name()).isEqualTo(m.kills());
            }
        }
    }
}
