package dev.hac.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/** Finds the implementation to test: by class name, through {@link ServiceLoader}, or as a command to run. */
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

    /**
     * An implementation in any language: {@code commandLine} (split into words by
     * {@link ProcessAdapter#words}) started once as a child process and driven by the line
     * protocol of {@code conformance/ADAPTERS.md}.
     *
     * @param timeout how long each reply may take
     * @param stderr  receives each line the child writes to stderr
     * @throws IllegalArgumentException when the command line is malformed or cannot be started
     */
    public static SystemUnderTest process(final String commandLine, final Duration timeout,
                                          final Consumer<String> stderr) {
        return ProcessAdapter.start(ProcessAdapter.words(commandLine), timeout, stderr);
    }
}
