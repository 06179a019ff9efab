package dev.hac.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds references to documents in a source tree that lead nowhere. Scanned: Java, TLA+, model configurations,
 * mutants, markdown, poms and scripts, outside build output. Checked:
 * <ul>
 *   <li>every mention of a markdown file (its name ending in {@code .md}, with or without a path, optionally
 *       followed by a section sign and a number) names an existing file, relative to the citing file, to its Maven module or to the root;
 *       a cited section is a heading of that document numbered so;</li>
 *   <li>every relative link in a markdown file resolves from that file, and an anchor into a markdown file
 *       is the anchor of one of its headings (as GitHub derives it);</li>
 *   <li>nothing points at the shared directory outside the repository that the design once lived in.</li>
 * </ul>
 */
final class DocumentReferences {

    /** One reference that leads nowhere. */
    record Problem(Path file, int line, String reference, String reason) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + reference + ": " + reason;
        }
    }

    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", ".git", "node_modules");
    private static final List<String> SCANNED_SUFFIXES = List.of(".java", ".tla", ".cfg", ".mutant", ".md", ".sh");

    // A markdown file name with an optional path, not part of a URL or of a longer name; then an optional
    // section number, possibly after the ")" that closes a markdown link.
    private static final Pattern MENTION = Pattern.compile(
            "(?<![\\w./\\-])((?:[\\w.\\-]+/)*[\\w\\-]+\\.md)(?![\\w\\-])(?:\\)?\\s?§\\s?(\\d+(?:\\.\\d+)*))?");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.\\-]*:");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern SECTION_NUMBER = Pattern.compile("^(\\d+(?:\\.\\d+)*)\\.?(?:\\s|$)");
    // Written in two halves so that this file does not itself point there.
    private static final List<String> OUTSIDE = List.of(".." + "/shared", "/work" + "/shared");

    private final Path root;
    private final Map<Path, Headings> headings = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    private DocumentReferences(final Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Every reference under {@code root} that leads nowhere, in file order. */
    static List<Problem> scan(final Path root) throws IOException {
        final DocumentReferences scanner = new DocumentReferences(root);
        for (final Path file : scanner.files()) {
            scanner.check(file);
        }
        return scanner.problems;
    }

    /** The top of the Maven project that {@code dir} belongs to: the highest ancestor in a row holding a pom. */
    static Path projectRoot(final Path dir) {
        Path top = dir.toAbsolutePath().normalize();
        while (top.getParent() != null && Files.isRegularFile(top.getParent().resolve("pom.xml"))) {
            top = top.getParent();
        }
        return top;
    }

    private List<Path> files() throws IOException {
        final List<Path> out = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(final Path dir, final BasicFileAttributes attrs) {
                return !dir.equals(root) && SKIPPED_DIRECTORIES.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && scanned(file)) {
                    out.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        out.sort(null);
        return out;
    }

    private static boolean scanned(final Path file) throws IOException {
        final String name = file.getFileName().toString();
        if (name.equals("pom.xml") || SCANNED_SUFFIXES.stream().anyMatch(name::endsWith)) {
            return true;
        }
        if (name.contains(".")) {
            return false;
        }
        final byte[] head = new byte[2];
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, 2) == 2 && head[0] == '#' && head[1] == '!';
        }
    }

    private void check(final Path file) throws IOException {
        final boolean markdown = file.getFileName().toString().endsWith(".md");
        final String[] lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1);
        boolean fenced = false;
        for (int i = 0; i < lines.length; i++) {
            final String line = lines[i];
            final int lineNo = i + 1;
            for (final String outside : OUTSIDE) {
                if (line.contains(outside)) {
                    problems.add(new Problem(file, lineNo, outside, "points outside the repository"));
                }
            }
            final Matcher m = MENTION.matcher(line);
            while (m.find()) {
                checkMention(file, lineNo, m.group(1), m.group(2), markdown ? linkedFrom(line, m) : null);
            }
            if (markdown && line.stripLeading().startsWith("```")) {
                fenced = !fenced;
            } else if (markdown && !fenced) {
                final Matcher link = LINK.matcher(line);
                while (link.find()) {
                    checkLink(file, lineNo, link.group(1));
                }
            }
        }
    }

    // The target of a markdown link whose text is the mention ([NAME](path/NAME)), or null.
    private static String linkedFrom(final String line, final Matcher mention) {
        if (mention.start() == 0 || line.charAt(mention.start() - 1) != '[' || !line.startsWith("](", mention.end())) {
            return null;
        }
        final int close = line.indexOf(')', mention.end());
        final String link = close < 0 ? "" : line.substring(mention.end() + 2, close);
        final int hash = link.indexOf('#');
        return hash < 0 ? link : link.substring(0, hash);
    }

    private void checkMention(final Path file, final int line, final String doc, final String section,
                              final String linkedPath) throws IOException {
        // A link's text names the document the link leads to; the link itself is checked on its own.
        final Path target = linkedPath == null ? resolveMention(file, doc) : linkedTarget(file, linkedPath);
        if (linkedPath != null && target == null) {
            return;
        }
        final String reference = section == null ? doc : doc + " §" + section;
        if (target == null) {
            problems.add(new Problem(file, line, reference, "no such document (looked beside the file, in its "
                    + "module and at the repository root)"));
        } else if (section != null && !headingsOf(target).sections.contains(section)) {
            problems.add(new Problem(file, line, reference, "no heading numbered " + section + " in "
                    + root.relativize(target)));
        }
    }

    private Path resolveMention(final Path file, final String doc) {
        for (final Path base : List.of(file.getParent(), module(file), root)) {
            final Path candidate = base.resolve(doc).normalize();
            if (candidate.startsWith(root) && Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private Path linkedTarget(final Path file, final String path) {
        final Path target = linkTarget(file, path);
        return target.startsWith(root) && Files.isRegularFile(target) ? target : null;
    }

    // A markdown link's path, relative to the linking file; empty is the file itself.
    private static Path linkTarget(final Path file, final String path) {
        return path.isEmpty() ? file : file.getParent().resolve(path).normalize();
    }

    private Path module(final Path file) {
        Path dir = file.getParent();
        while (!dir.equals(root) && !Files.isRegularFile(dir.resolve("pom.xml"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    private void checkLink(final Path file, final int line, final String link) throws IOException {
        if (SCHEME.matcher(link).find()) {
            return;
        }
        final int hash = link.indexOf('#');
        final String path = hash < 0 ? link : link.substring(0, hash);
        final String anchor = hash < 0 ? null : link.substring(hash + 1);
        final Path target = linkTarget(file, path);
        if (!target.startsWith(root) || !Files.exists(target)) {
            problems.add(new Problem(file, line, link, "the link leads to no file of the repository"));
        } else if (anchor != null && target.getFileName().toString().endsWith(".md")
                && !headingsOf(target).anchors.contains(anchor)) {
            problems.add(new Problem(file, line, link, "no heading with anchor #" + anchor + " in "
                    + root.relativize(target)));
        }
    }

    /** The section numbers and GitHub anchors of a markdown document's headings. */
    private record Headings(Set<String> sections, Set<String> anchors) {
    }

    private Headings headingsOf(final Path doc) throws IOException {
        final Headings cached = headings.get(doc);
        if (cached != null) {
            return cached;
        }
        final Set<String> sections = new HashSet<>();
        final Set<String> anchors = new HashSet<>();
        final Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (final String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            final Matcher h = HEADING.matcher(line);
            if (fenced || !h.matches()) {
                continue;
            }
            final String text = h.group(1);
            final Matcher number = SECTION_NUMBER.matcher(text);
            if (number.find()) {
                sections.add(number.group(1));
            }
            final String slug = slug(text);
            final int n = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(n == 0 ? slug : slug + "-" + n);
        }
        final Headings out = new Headings(sections, anchors);
        headings.put(doc, out);
        return out;
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
    static String slug(final String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _\\-]", "").replace(' ', '-');
    }
}
