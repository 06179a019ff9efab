package dev.hac.spec;

/**
 * Where TLC's search runs: one JVM, or TLC's distributed mode, where a server JVM holds
 * the state queue and the fingerprints and worker JVMs compute successor states over RMI.
 */
public sealed interface Distribution {

    /** TLC's default RMI registry port of the distributed server. */
    int DEFAULT_PORT = 10997;

    /** The whole search in one JVM (the default). */
    static Distribution oneJvm() {
        return new OneJvm();
    }

    /** A server and {@code workers} worker JVMs on this machine, on loopback. */
    static Distribution localWorkers(final int workers) {
        return new LocalWorkers(workers);
    }

    /**
     * A server on {@code port} for workers on other machines ({@code hac tlc-worker}); {@code host}
     * is the name or address the workers reach this machine by.
     */
    static Distribution server(final String host, final int port) {
        return new Server(host, port);
    }

    default boolean isOneJvm() {
        return this instanceof OneJvm;
    }

    /** The whole search in one JVM. */
    record OneJvm() implements Distribution {
    }

    /** A server and {@code workers} worker JVMs on this machine. */
    record LocalWorkers(int workers) implements Distribution {
        public LocalWorkers {
            if (workers < 1) {
                throw new IllegalArgumentException("distributed mode needs at least 1 worker, not " + workers);
            }
        }
    }

    /** A server for remote workers. */
    record Server(String host, int port) implements Distribution {
        public Server {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not in 1..65535");
            }
        }
    }
}
