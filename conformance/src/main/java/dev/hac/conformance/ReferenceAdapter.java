package dev.hac.conformance;

import dev.hac.host.Lockstep;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The reference implementation under test: its lockstep driver ({@link Lockstep}: the
 * real VMs, HAC utility, NIC engine, codec and standby, one abstract action per call).
 * Found by {@link java.util.ServiceLoader} and used by default.
 */
public final class ReferenceAdapter implements SystemUnderTest {

    private Lockstep driver;

    @Override
    public void reset(final Map<String, Object> params) {
        driver = new Lockstep(new Lockstep.Config(vms(params, "CkptVMs"), vms(params, "PlainVMs"),
                integer(params, "Cap"), text(params, "Policy"), integer(params, "K"), text(params, "Overflow")));
    }

    @Override
    public boolean apply(final String action, final Map<String, Object> args) {
        return driver().apply(action, args);
    }

    @Override
    public Map<String, Object> observe() {
        return driver().observe();
    }

    @Override
    public String name() {
        return "reference implementation (lockstep driver)";
    }

    private Lockstep driver() {
        if (driver == null) {
            throw new IllegalStateException("reset() first");
        }
        return driver;
    }

    private static List<String> vms(final Map<String, Object> params, final String name) {
        if (!(params.get(name) instanceof Collection<?> c)) {
            throw new IllegalArgumentException(name + " must be a set of VM ids, got " + params.get(name));
        }
        final List<String> out = new ArrayList<>();
        c.forEach(v -> out.add(String.valueOf(v)));
        return out;
    }

    private static int integer(final Map<String, Object> params, final String name) {
        if (!(params.get(name) instanceof Integer i)) {
            throw new IllegalArgumentException(name + " must be an integer, got " + params.get(name));
        }
        return i;
    }

    private static String text(final Map<String, Object> params, final String name) {
        if (!(params.get(name) instanceof String s)) {
            throw new IllegalArgumentException(name + " must be a string, got " + params.get(name));
        }
        return s;
    }
}
