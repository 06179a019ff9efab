package dev.hac.spec;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Main class of every child JVM that runs TLC, started by {@link TlcLauncher}. The first
 * argument names TLC's own main class ({@code tlc2.TLC}, or the distributed server or
 * worker); the rest are that program's arguments.
 * <p>
 * TLC reports progress only once a minute; this main polls TLC's management bean (the
 * model checker and the distributed server register the same one) every
 * {@code hac.progress.ms} milliseconds and writes one line per poll to stderr,
 * {@value #PREFIX} followed by states generated, distinct states, queue size and search
 * depth. The parent reads those lines as live progress.
 */
final class TlcMain {

    static final String PREFIX = "@hac:progress ";
    static final String INTERVAL_PROPERTY = "hac.progress.ms";
    private static final String TLC_BEAN = "tlc2.tool:type=ModelChecker";

    private TlcMain() {
    }

    public static void main(final String[] args) throws Exception {
        final long interval = Long.getLong(INTERVAL_PROPERTY, 0);
        if (interval > 0) {
            final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
                final Thread t = new Thread(r, "hac-progress");
                t.setDaemon(true);
                return t;
            });
            final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            final ObjectName bean = new ObjectName(TLC_BEAN);
            poller.scheduleAtFixedRate(() -> report(server, bean), interval, interval, TimeUnit.MILLISECONDS);
        }
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (final InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void report(final MBeanServer server, final ObjectName bean) {
        if (!server.isRegistered(bean)) {
            return; // still parsing, or TLC is past the search
        }
        try {
            final Object generated = server.getAttribute(bean, "StatesGenerated");
            final Object distinct = server.getAttribute(bean, "DistinctStatesGenerated");
            final Object queue = server.getAttribute(bean, "StateQueueSize");
            final Object depth = server.getAttribute(bean, "Progress");
            System.err.println(PREFIX + generated + " " + distinct + " " + queue + " " + depth);
        } catch (final Exception e) {
            // The bean can vanish between the check and the read when TLC finishes: skip this poll.
        }
    }
}
