package dev.hac.spec;

/**
 * Where TLC's search runs: one JVM, or TLC's distributed mode, where a server JVM holds
 * the state queue, worker JVMs compute successor states over RMI, and the fingerprints
 * are kept by the server or shared out among fingerprint set servers (each holds the
 * fingerprints whose low bits select it, so a power of two spreads them evenly).
 */
public sealed interface Distribution {

    /** TLC's default RMI registry port of the distributed server. */
    int DEFAULT_PORT = 10997;

    /** The whole search in one JVM (the default). */
    static Distribution oneJvm() {
        return new OneJvm();
    }

    /** A server and {@code workers} worker JVMs on this machine, on loopback; the fingerprints in the server. */
    static Distribution localWorkers(final int workers) {
        return new LocalWorkers(workers, 0);
    }

    /** As {@link #localWorkers(int)}, with the fingerprints in {@code fpsets} fingerprint set server JVMs (0: none). */
    static Distribution localWorkers(final int workers, final int fpsets) {
        return new LocalWorkers(workers, fpsets);
    }

    /**
     * A server on {@code port} for workers on other machines ({@code hac tlc-worker}); {@code host}
     * is the name or address the workers reach this machine by.
     */
    static Distribution server(final String host, final int port) {
        return new Server(host, port, 0);
    }

    /**
     * As {@link #server(String, int)}, waiting also for {@code fpsets} fingerprint set servers
     * ({@code hac tlc-worker --fpset}) before the search starts (0: fingerprints in the server).
     */
    static Distribution server(final String host, final int port, final int fpsets) {
        return new Server(host, port, fpsets);
    }

    /** How many fingerprint set servers hold the fingerprints; 0 when the TLC server (or the one JVM) does. */
    default int fpsets() {
        return 0;
    }

    default boolean isOneJvm() {
        return this instanceof OneJvm;
    }

    /** The whole search in one JVM. */
    record OneJvm() implements Distribution {
    }

    /** A server, {@code workers} worker JVMs and {@code fpsets} fingerprint set server JVMs on this machine. */
    record LocalWorkers(int workers, int fpsets) implements Distribution {
        public LocalWorkers {
            if (workers < 1) {
                throw new IllegalArgumentException("distributed mode needs at least 1 worker, not " + workers);
            }
            requireFpsets(fpsets);
        }
    }

    /** A server for remote workers and, if {@code fpsets > 0}, remote fingerprint set servers. */
    record Server(String host, int port, int fpsets) implements Distribution {
        public Server {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not in 1..65535");
            }
            requireFpsets(fpsets);
        }
    }

    private static void requireFpsets(final int fpsets) {
        if (fpsets < 0) {
            throw new IllegalArgumentException("the number of fingerprint set servers must be at least 0, not "
                    + fpsets);
        }
    }
}
