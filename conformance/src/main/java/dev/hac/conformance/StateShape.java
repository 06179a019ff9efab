package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hac.spec.itf.ItfFormatException;
import dev.hac.vocabulary.Constant;
import dev.hac.vocabulary.ItfValues;
import dev.hac.vocabulary.Variable;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The type of each contract variable ({@code TypeOK} of the spec) under given constants,
 * checked on ITF values so that a malformed trace or log is rejected at the value that is
 * wrong, with its path, before anything is replayed.
 */
final class StateShape {

    /** Checks one value at a JSON path. */
    @FunctionalInterface
    private interface Type {
        void check(JsonNode v, String path) throws ItfFormatException;
    }

    private final String source;
    private final Map<Variable, Type> types;

    StateShape(final ModelConstants constants, final String source) {
        this.source = source;
        final Set<String> vms = constants.vms();
        final Set<String> ckpt = new LinkedHashSet<>(constants.ckptVms());
        final Type nat = (v, p) -> expect(v != null && ItfValues.isInteger(v) && ItfValues.integerValue(v).signum() >= 0, v, p, "a natural number");
        final Type positive = (v, p) -> expect(v != null && ItfValues.isInteger(v) && ItfValues.integerValue(v).signum() > 0, v, p, "a positive integer");
        final Type bool = (v, p) -> expect(v != null && v.isBoolean(), v, p, "TRUE or FALSE (a JSON boolean)");
        final Type mode = (v, p) -> expect(v != null && v.isTextual() && Constant.MODES.contains(v.textValue()), v, p,
                "one of " + new TreeSet<>(Constant.MODES));
        final Type vm = (v, p) -> expect(v != null && v.isTextual() && vms.contains(v.textValue()), v, p,
                "a VM id of " + vms);
        final Type checkpoint = record(Map.of(Variable.EPOCH_FIELD, nat, Variable.SEQ, nat));
        final Type bufFrame = record(Map.of(Variable.SEQ, positive, Variable.EPOCH_FIELD, positive));
        final Type txFrame = record(Map.of(Variable.VM, vm, Variable.SEQ, positive));
        types = new EnumMap<>(Variable.class);
        for (final Variable var : Variable.values()) {
            types.put(var, switch (var) {
                case PRIMARY_UP, SECONDARY_UP -> bool;
                case MODE -> mode;
                case VM_SEQ -> function(vms, nat);
                case EPOCH -> function(ckpt, positive);
                case INFLIGHT, COMMITTED -> function(ckpt, checkpoint);
                case ACKED -> function(ckpt, nat);
                case BUF -> function(ckpt, sequence(bufFrame));
                case TX_HIGH, TX_NORMAL, WIRE -> sequence(txFrame);
                case HIGH_STREAK -> nat;
            });
        }
    }

    /** Checks variable {@code name}'s value; unknown names are an error too. */
    void check(final String name, final JsonNode value, final String path) throws ItfFormatException {
        final Variable var = Variable.named(name);
        final Type t = var == null ? null : types.get(var);
        if (t == null) {
            throw new ItfFormatException(source, path, "a variable of the contract " + Variable.NAMES, name);
        }
        t.check(value, path);
    }

    private Type record(final Map<String, Type> fields) {
        return (v, p) -> {
            expect(v != null && v.isObject() && !ItfValues.isTagged(v) && v.size() == fields.size()
                    && fields.keySet().stream().allMatch(v::has), v, p, "a record with fields " + new TreeSet<>(fields.keySet()));
            for (final Map.Entry<String, Type> f : fields.entrySet()) {
                f.getValue().check(v.get(f.getKey()), p + "." + f.getKey());
            }
        };
    }

    private Type sequence(final Type element) {
        return (v, p) -> {
            expect(v != null && v.isArray(), v, p, "a sequence (JSON array)");
            for (int i = 0; i < v.size(); i++) {
                element.check(v.get(i), p + "[" + i + "]");
            }
        };
    }

    /** A function over {@code domain} as ITF {@code #map}. */
    private Type function(final Set<String> domain, final Type range) {
        return (v, p) -> {
            final JsonNode pairs = v != null && v.isObject() ? v.get(ItfValues.MAP) : null;
            expect(pairs != null && pairs.isArray(), v, p, "a function over " + domain + " ({\"#map\": [[key, value], ...]})");
            final Set<String> keys = new HashSet<>();
            for (int i = 0; i < pairs.size(); i++) {
                final JsonNode key = pairs.get(i).get(0);
                expect(key != null && key.isTextual() && domain.contains(key.textValue()) && keys.add(key.textValue()),
                        key, p + "." + ItfValues.MAP + "[" + i + "][0]", "a key of " + domain + ", once");
                range.check(pairs.get(i).get(1), p + "." + ItfValues.MAP + "[" + i + "][1]");
            }
            expect(keys.equals(domain), v, p, "a value for every key of " + domain);
        };
    }

    private void expect(final boolean ok, final JsonNode v, final String path, final String expected)
            throws ItfFormatException {
        if (!ok) {
            throw new ItfFormatException(source, path, expected, v == null ? "nothing" : abbreviate(v));
        }
    }

    private static String abbreviate(final JsonNode n) {
        final String s = n.toString();
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
