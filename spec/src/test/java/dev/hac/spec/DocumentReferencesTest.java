package dev.hac.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentReferencesTest {

    // Document names are assembled from parts so that this file mentions no document that does not exist.
    private static final String MD = ".md";

    @TempDir
    Path repo;

    @Test
    void everyDocumentReferenceInTheRepositoryResolves() throws IOException {
        final Path root = DocumentReferences.projectRoot(Path.of(""));
        assertThat(root.resolve("spec").resolve("pom.xml")).isRegularFile();
        assertThat(DocumentReferences.scan(root)).as("references to documents that do not exist").isEmpty();
    }

    @Test
    void aMissingDocumentIsReportedWithItsFileLineAndReference() throws IOException {
        write("docs/DESIGN" + MD, "# Design\n\n## 1. One\n");
        final Path java = write("mod/src/main/java/A.java", "/**\n * As docs/DESIGN" + MD + " says, and GONE" + MD + ".\n */\n");
        write("mod/pom.xml", "<project/>\n");
        write("pom.xml", "<project/>\n");

        assertThat(DocumentReferences.scan(repo)).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(java);
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.reference()).isEqualTo("GONE" + MD);
            assertThat(p.toString()).startsWith(java + ":2: GONE" + MD + ": no such document");
        });
    }

    @Test
    void aCitedSectionMustBeANumberedHeadingOfTheDocument() throws IOException {
        write("docs/DESIGN" + MD, "# Design\n\n## 1. One\n\n### 1.2 Sub\n\n```\n## 7. in a code block\n```\n");
        final Path tla = write("spec/X.tla", "\\* docs/DESIGN" + MD + " §1, docs/DESIGN" + MD + " §1.2\n"
                + "\\* docs/DESIGN" + MD + " §7 and docs/DESIGN" + MD + " §1.3\n");

        assertThat(DocumentReferences.scan(repo)).extracting(DocumentReferences.Problem::toString).containsExactly(
                tla + ":2: docs/DESIGN" + MD + " §7: no heading numbered 7 in docs/DESIGN" + MD,
                tla + ":2: docs/DESIGN" + MD + " §1.3: no heading numbered 1.3 in docs/DESIGN" + MD);
    }

    @Test
    void mentionsResolveBesideTheFileInItsModuleOrAtTheRoot() throws IOException {
        write("pom.xml", "<project/>\n");
        write("conf/pom.xml", "<project/>\n");
        write("conf/ADAPTERS" + MD, "# Adapters\n");
        write("conf/src/main/java/p/NOTES" + MD, "# Notes\n");
        write("conf/src/main/java/p/package-info.java",
                "/** See ADAPTERS" + MD + ", NOTES" + MD + " and conf/ADAPTERS" + MD + ". */\npackage p;\n");

        assertThat(DocumentReferences.scan(repo)).isEmpty();
    }

    @Test
    void brokenRelativeLinksAndAnchorsInMarkdownAreReported() throws IOException {
        write("docs/MODEL" + MD, "# Model\n\n## 6. The value contract\n\n## 7. Arguments, and how they are found\n");
        final Path readme = write("sub/README" + MD, String.join("\n",
                "[model](../docs/MODEL" + MD + "#6-the-value-contract), "
                        + "[args](../docs/MODEL" + MD + "#7-arguments-and-how-they-are-found),",
                "[web](https://example.org/x), [a dir](../docs/), [self](#readme)",
                "[gone](../docs/GONE" + MD + ") and [bad anchor](../docs/MODEL" + MD + "#8-nothing)",
                "```",
                "[not a link in a code block](nowhere)",
                "```",
                "# Readme",
                ""));

        assertThat(DocumentReferences.scan(repo)).extracting(DocumentReferences.Problem::toString).containsExactly(
                readme + ":3: ../docs/GONE" + MD + ": no such document (looked beside the file, in its module and at "
                        + "the repository root)",
                readme + ":3: ../docs/GONE" + MD + ": the link leads to no file of the repository",
                readme + ":3: ../docs/MODEL" + MD + "#8-nothing: no heading with anchor #8-nothing in docs/MODEL" + MD);
    }

    @Test
    void aLinksTextNamesTheDocumentTheLinkLeadsTo() throws IOException {
        write("conf/ADAPTERS" + MD, "# Adapters\n\n## 1. Contract\n");
        final Path readme = write("README" + MD, "[ADAPTERS" + MD + "](conf/ADAPTERS" + MD + "), "
                + "[ADAPTERS" + MD + " §1](conf/ADAPTERS" + MD + "#1-contract), [ADAPTERS" + MD + " §2](conf/ADAPTERS" + MD + ")\n");

        assertThat(DocumentReferences.scan(repo)).extracting(DocumentReferences.Problem::toString).containsExactly(
                readme + ":1: ADAPTERS" + MD + " §2: no heading numbered 2 in conf/ADAPTERS" + MD);
    }

    @Test
    void aPointerToTheSharedDirectoryOutsideTheRepositoryIsReported() throws IOException {
        final Path script = write("run", "#!/bin/sh\ncat " + ".." + "/shared/notes.txt\n");

        assertThat(DocumentReferences.scan(repo)).singleElement()
                .hasToString(script + ":2: " + ".." + "/shared: points outside the repository");
    }

    @Test
    void buildOutputAndUnscannedFilesAreIgnored() throws IOException {
        write("mod/target/generated/B.java", "// GONE" + MD + "\n");
        write("mod/src/main/resources/data.json", "{\"doc\": \"GONE" + MD + "\"}\n");
        write("mod/src/test/resources/corpus/seed", "GONE" + MD + "\n");

        assertThat(DocumentReferences.scan(repo)).isEmpty();
    }

    @Test
    void anchorsAreDerivedAsGitHubDoes() {
        assertThat(List.of("2. The abstract model", "3.1 The specification (`spec/`)", "7. Arguments, and how"))
                .map(DocumentReferences::slug)
                .containsExactly("2-the-abstract-model", "31-the-specification-spec", "7-arguments-and-how");
    }

    private Path write(final String relative, final String text) throws IOException {
        final Path file = repo.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }
}
