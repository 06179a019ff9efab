package dev.hac.adapter;

import dev.hac.conformance.SystemUnderTest;
import dev.hac.host.Lockstep;
import dev.hac.vocabulary.Constant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The reference implementation under test: its lockstep driver ({@link Lockstep}: the
 * real VMs, HAC utility, NIC engine, codec and standby, one abstract action per call).
 * Found by {@link java.util.ServiceLoader}; used when no other adapter is on the class path.
 */
public final class ReferenceAdapter implements SystemUnderTest {

    private Lockstep driver;

    @Override
    public void reset(final Map<String, Object> params) {
        driver = new Lockstep(new Lockstep.Config(vms(params, Constant.CKPT_VMS), vms(params, Constant.PLAIN_VMS),
                integer(params, Constant.CAP), text(params, Constant.POLICY), integer(params, Constant.K),
                text(params, Constant.OVERFLOW)));
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

    /** Any other adapter on the class path is the one a user means to test. */
    @Override
    public boolean fallback() {
        return true;
    }

    private Lockstep driver() {
        if (driver == null) {
            throw new IllegalStateException("reset() first");
        }
        return driver;
    }

    private static List<String> vms(final Map<String, Object> params, final Constant name) {
        if (!(params.get(name.id()) instanceof Collection<?> c)) {
            throw new IllegalArgumentException(name + " must be a set of VM ids, got " + params.get(name.id()));
        }
        final List<String> out = new ArrayList<>();
        c.forEach(v -> out.add(String.valueOf(v)));
        return out;
    }

    private static int integer(final Map<String, Object> params, final Constant name) {
        if (!(params.get(name.id()) instanceof Integer i)) {
            throw new IllegalArgumentException(name + " must be an integer, got " + params.get(name.id()));
        }
        return i;
    }

    private static String text(final Map<String, Object> params, final Constant name) {
        if (!(params.get(name.id()) instanceof String s)) {
            throw new IllegalArgumentException(name + " must be a string, got " + params.get(name.id()));
        }
        return s;
    }
}
