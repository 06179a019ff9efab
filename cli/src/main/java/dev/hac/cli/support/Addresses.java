package dev.hac.cli.support;

import java.net.InetSocketAddress;

/** Parses {@code host:port} option values, naming the option in errors. */
public final class Addresses {
    private Addresses() {
    }

    /** {@code host:port}. */
    public static InetSocketAddress parse(final String option, final String text) {
        final int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(option + " '" + text + "': expected host:port");
        }
        return new InetSocketAddress(text.substring(0, colon), port(option, text, text.substring(colon + 1)));
    }

    /** {@code host[:port]}, {@code defaultPort} when the port is left out. */
    public static InetSocketAddress parse(final String option, final String text, final int defaultPort) {
        if (text.isEmpty() || text.startsWith(":")) {
            throw new IllegalArgumentException(option + " '" + text + "': expected host[:port]");
        }
        return text.indexOf(':') < 0 ? new InetSocketAddress(text, defaultPort) : parse(option, text);
    }

    private static int port(final String option, final String text, final String port) {
        try {
            final int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + text + "': port is not a number in 0..65535", e);
        }
    }
}
