package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.spec.tla.TlaValueParser;
import dev.hac.vocabulary.ItfValues;
import dev.hac.vocabulary.Variable;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the state graph TLC writes with {@code -dump dot,actionlabels FILE}: one
 * statement per line, nodes {@code FP [label="<state as TLA+>"...]} (initial states
 * {@code style = filled}), edges {@code FP -> FP [label="<action name>"...]}. The legend
 * cluster ({@code colorize}) and layout statements are skipped. States are parsed with
 * the spec module's TLA+ value parser, functions over the model's VMs as {@code #map}.
 */
public final class DotGraphReader {

    private static final Pattern NODE = Pattern.compile("^\\s*(-?\\d+)\\s*\\[(.*)]\\s*;?\\s*$");
    private static final Pattern EDGE = Pattern.compile("^\\s*(-?\\d+)\\s*->\\s*(-?\\d+)\\s*\\[(.*)]\\s*;?\\s*$");

    private DotGraphReader() {
    }

    /** Reads {@code dot}; constants give the VM ids (function domains) and the argument domains. */
    public static StateGraph read(final Path dot, final ModelConstants constants) throws IOException {
        final TlaValueParser parser = TlaValueParser.standard().withFunctionDomain(constants.vms());
        final Map<Long, StateGraph.Node> nodes = new LinkedHashMap<>();
        final List<StateGraph.Node> initial = new ArrayList<>();
        final List<long[]> edgeEnds = new ArrayList<>();
        final List<String> edgeActions = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(dot)) {
            String line;
            int lineNo = 0;
            int legendDepth = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (legendDepth > 0 || line.startsWith("subgraph cluster_legend")) {
                    legendDepth += count(line, '{') - count(line, '}');
                    continue;
                }
                final Matcher e = EDGE.matcher(line);
                if (e.matches()) {
                    edgeEnds.add(new long[] {Long.parseLong(e.group(1)), Long.parseLong(e.group(2))});
                    edgeActions.add(attribute(e.group(3), "label", dot, lineNo));
                    continue;
                }
                final Matcher n = NODE.matcher(line);
                if (n.matches()) {
                    final long fp = Long.parseLong(n.group(1));
                    final String text = attribute(n.group(2), "label", dot, lineNo);
                    final Map<String, JsonNode> vars;
                    try {
                        vars = parser.parseState(text);
                    } catch (final IllegalArgumentException bad) {
                        throw new IOException(dot + ":" + lineNo + ": state " + fp + " is not TLA+ value text TLC "
                                + "prints: " + bad.getMessage(), bad);
                    }
                    final StateGraph.Node node = new StateGraph.Node(fp, vars, ItfValues.stateKey(vars, Variable.NAMES));
                    nodes.put(fp, node);
                    if (n.group(2).matches(".*style\\s*=\\s*filled.*")) {
                        initial.add(node);
                    }
                }
            }
        }
        if (nodes.isEmpty()) {
            throw new IOException(dot + ": no states; is it a TLC -dump dot file?");
        }
        final List<StateGraph.Edge> edges = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < edgeEnds.size(); i++) {
            final StateGraph.Node from = nodes.get(edgeEnds.get(i)[0]);
            final StateGraph.Node to = nodes.get(edgeEnds.get(i)[1]);
            final String action = edgeActions.get(i);
            if (from == null || to == null) {
                throw new IOException(dot + ": edge " + edgeEnds.get(i)[0] + " -> " + edgeEnds.get(i)[1]
                        + " names a state the file does not define");
            }
            if (!seen.add(from.fingerprint() + " " + to.fingerprint() + " " + action)) {
                continue;
            }
            try {
                edges.add(new StateGraph.Edge(edges.size(), from, to, action,
                        StepArguments.recover(action, from.variables(), to.variables(), constants)));
            } catch (final IllegalStateException notAStep) {
                throw new IOException(dot + ": edge " + from.fingerprint() + " -> " + to.fingerprint() + " ("
                        + action + "): " + notAStep.getMessage(), notAStep);
            }
        }
        return new StateGraph(constants, nodes, initial, edges);
    }

    /** The value of a quoted DOT attribute, unescaped ({@code \"}, {@code \\}, {@code \n}). */
    static String attribute(final String attributes, final String name, final Path dot, final int line)
            throws IOException {
        final int at = attributes.indexOf(name + "=\"");
        if (at < 0) {
            throw new IOException(dot + ":" + line + ": no " + name + " attribute");
        }
        final StringBuilder out = new StringBuilder();
        for (int i = at + name.length() + 2; i < attributes.length(); i++) {
            final char c = attributes.charAt(i);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\' && i + 1 < attributes.length()) {
                final char next = attributes.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        throw new IOException(dot + ":" + line + ": unterminated " + name + " attribute");
    }

    private static int count(final String s, final char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
