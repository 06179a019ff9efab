package dev.hac.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Action properties as invariants, for TLC's distributed mode. Its workers check a {@code [][A]_v} property only
 * on a step whose target state they have not seen before (the check follows the fingerprint lookup), so a
 * violating step back into a known state passes unseen. The derived model adds one Boolean variable per action
 * property, true in the initial states and conjoined at every step with {@code [A]_v}: the first step that breaks
 * {@code A} leads to a state with the flag false, which is new by construction, and the invariant "flag is true"
 * catches it. States where every flag is true are the original ones, so the distinct-state count is unchanged.
 * <p>
 * The derived module {@value #MODULE} extends the model's root module and copies the text of the initial
 * predicate, the next-state action and each property's action (comments removed) from the modules: names they use
 * must be visible from the root module (not {@code LOCAL}, not only inside an {@code INSTANCE}).
 */
final class StepChecks {

    static final String MODULE = "HacStepCheck";
    /** The invariant that stands for action property {@code P} is {@code INVARIANT_PREFIX + P}. */
    static final String INVARIANT_PREFIX = "HacStepHolds_";
    private static final String FLAG_PREFIX = "hacStepOk_";
    private static final Pattern FAIRNESS = Pattern.compile("(?s)(\\s*/\\\\\\s*[WS]F_[^/]*)*\\s*");
    private static final Pattern ALIAS = Pattern.compile("(?s)([A-Za-z_][A-Za-z0-9_]*)" + FAIRNESS.pattern());

    private record ActionProperty(String name, String action, String subscript) {
    }

    private final Model model;
    private final String init;
    private final String next;
    private final List<ActionProperty> properties;

    private StepChecks(final Model model, final String init, final String next, final List<ActionProperty> properties) {
        this.model = model;
        this.init = init;
        this.next = next;
        this.properties = properties;
    }

    /**
     * The plan for {@code model}'s action properties, or a {@link BadModelException} naming the config line when a
     * property or the specification is not of a form this can rewrite.
     */
    static StepChecks of(final Model model, final SpecDefinitions defs) throws BadModelException {
        final CfgFile cfg = model.cfg();
        final List<ActionProperty> props = new ArrayList<>();
        for (final String p : cfg.properties()) {
            if (defs.propertyKind(p) != PropertyKind.ACTION) {
                continue;
            }
            final String body = defs.body(p).orElseThrow();
            final Box box = Box.parse(body);
            if (box == null || !box.rest().isBlank()) {
                throw bad(model, p, "PROPERTY " + p + " is not a single [][A]_v formula (" + body + "), which is "
                        + "what distributed checking can turn into an invariant; check this model in one JVM");
            }
            props.add(new ActionProperty(p, box.action(), box.subscript()));
        }
        final String init;
        final String next;
        if (cfg.specification().isPresent()) {
            final String spec = cfg.specification().get();
            String body = defs.body(spec).orElseThrow(() -> bad(model, spec, "SPECIFICATION " + spec
                    + " is not defined at the start of a line in the modules beside the model"));
            // Another specification plus fairness (FairSpec == Spec /\ WF_vars(Next)) has the same safety part.
            for (Matcher a = ALIAS.matcher(body); a.matches() && defs.body(a.group(1)).isPresent();
                    a = ALIAS.matcher(body)) {
                body = defs.body(a.group(1)).get();
            }
            final int box = body.indexOf("[][");
            final Box b = box < 0 ? null : Box.parse(body.substring(box));
            final String before = box < 0 ? "" : body.substring(0, box).strip();
            if (b == null || !before.endsWith("/\\") || !FAIRNESS.matcher(b.rest()).matches()) {
                throw bad(model, spec, "SPECIFICATION " + spec + " is not of the form Init /\\ [][Next]_v (plus "
                        + "fairness), which distributed checking needs to add its step checks; check in one JVM");
            }
            init = before.substring(0, before.length() - 2).replaceFirst("^/\\\\", "").strip();
            next = b.action();
        } else {
            init = cfg.init().orElseThrow(() -> bad(model, "INIT", "the config names neither SPECIFICATION nor INIT"));
            next = cfg.next().orElseThrow(() -> bad(model, "NEXT", "the config names INIT but no NEXT"));
        }
        return new StepChecks(model, init, next, List.copyOf(props));
    }

    /** True when the model has no action property: it is searched as it is. */
    boolean none() {
        return properties.isEmpty();
    }

    /**
     * Writes the derived model into {@code dir}: a copy of every module beside the original, {@value #MODULE}, and
     * a config that checks each action property {@code P} as the invariant {@code HacStepHolds_P}.
     */
    Model write(final Path dir) throws IOException, BadModelException {
        try (Stream<Path> files = Files.list(model.directory())) {
            for (final Path tla : files.filter(f -> f.getFileName().toString().endsWith(".tla")).toList()) {
                Files.copy(tla, dir.resolve(tla.getFileName()));
            }
        }
        final String root = model.tlaFile().getFileName().toString().replaceFirst("\\.tla$", "");
        final StringBuilder m = new StringBuilder("---- MODULE ").append(MODULE).append(" ----\n")
                .append("\\* Written by hac for TLC's distributed mode from ").append(model.cfgFile().getFileName())
                .append(": each action property as an invariant on a flag.\n")
                .append("EXTENDS ").append(root).append('\n')
                .append("VARIABLES ").append(String.join(", ", properties.stream().map(StepChecks::flag).toList()))
                .append("\nHacInit ==\n    /\\ (").append(init).append(')');
        properties.forEach(p -> m.append("\n    /\\ ").append(flag(p)).append(" = TRUE"));
        m.append("\nHacNext ==\n    /\\ (").append(next).append(')');
        properties.forEach(p -> m.append("\n    /\\ ").append(flag(p)).append("' = (").append(flag(p))
                .append(" /\\ [(").append(p.action()).append(")]_").append(p.subscript()).append(')'));
        properties.forEach(p -> m.append('\n').append(INVARIANT_PREFIX).append(p.name()).append(" == ")
                .append(flag(p)));
        final String view = model.cfg().view().orElse(null);
        if (view != null) {
            m.append("\nHacView == <<").append(view);
            properties.forEach(p -> m.append(", ").append(flag(p)));
            m.append(">>");
        }
        Files.writeString(dir.resolve(MODULE + ".tla"), m.append("\n====\n").toString());
        final List<String> invariants = properties.stream().map(p -> INVARIANT_PREFIX + p.name()).toList();
        final Path cfg = Files.writeString(dir.resolve(model.name() + ".cfg"),
                model.cfg().withStepChecks(MODULE, invariants, view == null ? null : "HacView"));
        return Model.of(cfg, model.origin() + " (with step checks)");
    }

    private static String flag(final ActionProperty p) {
        return FLAG_PREFIX + p.name();
    }

    private static BadModelException bad(final Model model, final String word, final String message) {
        return new BadModelException(model.cfgFile().toString(), model.cfg().lineOf(word), message);
    }

    /** {@code [][A]_v rest}, split at the bracket that closes {@code [][}. */
    record Box(String action, String subscript, String rest) {
        private static final Pattern SUBSCRIPT = Pattern.compile("(?s)_\\s*(<<.*?>>|[A-Za-z_][A-Za-z0-9_]*)(.*)");

        static Box parse(final String text) {
            if (!text.startsWith("[][")) {
                return null;
            }
            int depth = 0;
            for (int i = 3; i < text.length(); i++) {
                final char c = text.charAt(i);
                if (c == '"') {
                    i = text.indexOf('"', i + 1);
                    if (i < 0) {
                        return null;
                    }
                } else if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == '}' || (c == ']' && depth > 0)) {
                    depth--;
                } else if (c == ']') {
                    final Matcher s = SUBSCRIPT.matcher(text.substring(i + 1));
                    return s.matches() ? new Box(text.substring(3, i).strip(), s.group(1), s.group(2)) : null;
                }
            }
            return null;
        }
    }
}
