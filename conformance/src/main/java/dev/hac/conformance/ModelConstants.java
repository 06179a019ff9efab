package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.spec.itf.ItfFormatException;
import dev.hac.spec.itf.ItfState;
import dev.hac.spec.itf.ItfTrace;
import dev.hac.spec.tla.TlaValueParser;
import dev.hac.vocabulary.Constant;
import dev.hac.vocabulary.ItfValues;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The constants of OutputCommit that an implementation is configured with, checked for
 * consistency ({@code ConstantsOK} of the spec). Other constants (model bounds such as
 * {@code MaxSeq}) are carried along in {@link #all()} untouched.
 *
 * @param ckptVms checkpointing VM ids, sorted
 * @param plainVms ordinary VM ids, sorted
 * @param all     every constant as an ITF value, in the order given
 */
public record ModelConstants(List<String> ckptVms, List<String> plainVms, int cap, String policy, int k,
                             String overflow, Map<String, JsonNode> all) {

    public ModelConstants {
        ckptVms = List.copyOf(ckptVms);
        plainVms = List.copyOf(plainVms);
        all = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(all));
    }

    /** The constants a non-empty trace lists in {@code params} and values in its first state, checked. */
    public static ModelConstants of(final ItfTrace trace, final String source) throws ItfFormatException {
        return of(trace, Map.of(), source);
    }

    /**
     * The constants of a non-empty trace: those it lists in {@code params} (valued in its first
     * state), else those {@code given} (e.g. on the command line, since Quint writes no
     * {@code params}). A constant in both must have the same value in both.
     */
    public static ModelConstants of(final ItfTrace trace, final Map<String, JsonNode> given, final String source)
            throws ItfFormatException {
        final ItfState first = trace.states().get(0);
        final Map<String, JsonNode> params = new LinkedHashMap<>();
        for (final String p : trace.params()) {
            final JsonNode own = first.get(p);
            final JsonNode other = given.get(p);
            if (other != null && !ItfValues.same(own, other)) {
                throw new ItfFormatException(source, "$.states[0]." + p, "the value given for the constant " + p
                        + ", " + ItfValues.show(other) + " (a constant given twice must agree)", ItfValues.show(own));
            }
            params.put(p, own);
        }
        given.forEach(params::putIfAbsent);
        final List<String> missing = Constant.NAMES.stream().filter(c -> !params.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new ItfFormatException(source, "$.params", "the model's constants " + Constant.NAMES
                    + " in the trace's 'params' (valued in its first state) or given beside the trace: an "
                    + "implementation cannot start without them", "no value for " + missing);
        }
        return of(params, source, "$.states[0]");
    }

    /**
     * Constants written as TLA+ values ({@code Cap -> "2"}, {@code CkptVMs -> "{c1, c2}"}) as ITF values.
     *
     * @throws IllegalArgumentException naming the constant whose text is not a TLA+ value
     */
    public static Map<String, JsonNode> parse(final Map<String, String> tla) {
        final Map<String, JsonNode> out = new LinkedHashMap<>();
        for (final Map.Entry<String, String> p : tla.entrySet()) {
            try {
                out.put(p.getKey(), TlaValueParser.standard().parseValue(p.getValue()));
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException(p.getKey() + "=" + p.getValue() + ": not a TLA+ value: "
                        + e.getMessage(), e);
            }
        }
        return out;
    }

    /** True when the contract's constants (not model bounds) are the same in both. */
    public boolean sameContract(final ModelConstants other) {
        return Constant.NAMES.stream().allMatch(c -> ItfValues.same(all.get(c), other.all.get(c)));
    }

    /**
     * Reads and checks the constants; problems are reported against {@code source} at
     * {@code path + "." + name}.
     */
    public static ModelConstants of(final Map<String, JsonNode> params, final String source, final String path)
            throws ItfFormatException {
        for (final String c : Constant.NAMES) {
            if (!params.containsKey(c)) {
                throw new ItfFormatException(source, path + "." + c, "the constant " + c
                        + " (an implementation needs all of " + Constant.NAMES + ")", "nothing");
            }
        }
        final List<String> ckpt = vmSet(params.get(Constant.CKPT_VMS.id()), source, path + "." + Constant.CKPT_VMS);
        final List<String> plain = vmSet(params.get(Constant.PLAIN_VMS.id()), source, path + "." + Constant.PLAIN_VMS);
        if (ckpt.isEmpty()) {
            throw new ItfFormatException(source, path + "." + Constant.CKPT_VMS, "at least one checkpointing VM", "{}");
        }
        final Set<String> both = new HashSet<>(ckpt);
        both.retainAll(plain);
        if (!both.isEmpty()) {
            throw new ItfFormatException(source, path + "." + Constant.PLAIN_VMS, "VMs disjoint from CkptVMs " + ckpt
                    + " (a VM is either checkpointing or plain)", "also in CkptVMs: " + new TreeSet<>(both));
        }
        final int cap = positive(params.get(Constant.CAP.id()), source, path + "." + Constant.CAP);
        final int k = positive(params.get(Constant.K.id()), source, path + "." + Constant.K);
        final String policy = oneOf(params.get(Constant.POLICY.id()), Constant.POLICIES, source, path + "." + Constant.POLICY);
        final String overflow = oneOf(params.get(Constant.OVERFLOW.id()), Constant.OVERFLOWS, source, path + "." + Constant.OVERFLOW);
        return new ModelConstants(ckpt, plain, cap, policy, k, overflow, params);
    }

    /** Every VM id, checkpointing first. */
    public Set<String> vms() {
        final Set<String> all = new LinkedHashSet<>(ckptVms);
        all.addAll(plainVms);
        return all;
    }

    /** The constants as the plain values {@link SystemUnderTest#reset} receives. */
    public Map<String, Object> plain() {
        final Map<String, Object> out = new LinkedHashMap<>();
        all.forEach((name, value) -> out.put(name, ItfValues.toPlain(value)));
        return out;
    }

    private static List<String> vmSet(final JsonNode v, final String source, final String path)
            throws ItfFormatException {
        if (v == null || !v.isObject() || !v.has(ItfValues.SET) || !v.get(ItfValues.SET).isArray()) {
            throw new ItfFormatException(source, path, "a set of VM ids {\"#set\": [\"c1\", ...]}", String.valueOf(v));
        }
        final List<String> ids = new ArrayList<>();
        for (final JsonNode e : v.get(ItfValues.SET)) {
            if (!e.isTextual()) {
                throw new ItfFormatException(source, path, "VM ids as strings", e.toString());
            }
            ids.add(e.textValue());
        }
        return new ArrayList<>(new TreeSet<>(ids));
    }

    /** A positive integer, as a JSON number or {@code {"#bigint": "..."}} (as Quint writes every integer). */
    private static int positive(final JsonNode v, final String source, final String path) throws ItfFormatException {
        final JsonNode n = v == null || !v.isContainerNode() ? v : ItfValues.canonical(v);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 1) {
            throw new ItfFormatException(source, path, "a positive integer", String.valueOf(v));
        }
        return n.intValue();
    }

    private static String oneOf(final JsonNode v, final Set<String> allowed, final String source, final String path)
            throws ItfFormatException {
        if (v == null || !v.isTextual() || !allowed.contains(v.textValue())) {
            throw new ItfFormatException(source, path, "one of " + new TreeSet<>(allowed), String.valueOf(v));
        }
        return v.textValue();
    }
}
