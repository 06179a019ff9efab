package dev.hac.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the implementation to test: by class name, or through {@link ServiceLoader}. */
public final class Adapters {

    private Adapters() {
    }

    /**
     * The adapter of class {@code className} (public, with a public no-argument
     * constructor); when null, the first one {@link ServiceLoader} finds that is not a
     * {@linkplain SystemUnderTest#fallback() fallback}, else the first fallback.
     *
     * @throws IllegalArgumentException naming the class and what is wrong with it, or when
     *                                  no class is named and none is registered
     */
    public static SystemUnderTest load(final String className, final ClassLoader loader) {
        if (className == null) {
            final List<SystemUnderTest> found = new ArrayList<>();
            ServiceLoader.load(SystemUnderTest.class, loader).forEach(found::add);
            return found.stream().filter(a -> !a.fallback()).findFirst()
                    .or(() -> found.stream().findFirst())
                    .orElseThrow(() -> new IllegalArgumentException("no adapter named and none registered for "
                            + "ServiceLoader in META-INF/services/" + SystemUnderTest.class.getName()));
        }
        final Class<?> c;
        try {
            c = Class.forName(className, true, loader);
        } catch (final ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("adapter class " + className + " not found on the class path: " + e);
        }
        if (!SystemUnderTest.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException("adapter class " + className + " does not implement "
                    + SystemUnderTest.class.getName());
        }
        try {
            return (SystemUnderTest) c.getConstructor().newInstance();
        } catch (final ReflectiveOperationException e) {
            throw new IllegalArgumentException("adapter class " + className
                    + " needs a public no-argument constructor: " + e, e);
        }
    }
}
