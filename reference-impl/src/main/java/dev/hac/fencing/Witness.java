package dev.hac.fencing;

import dev.hac.wire.SharedKey;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The third party that breaks the tie when the two hosts of a pair cannot hear each other: an atomic
 * compare-and-set register holding a generation and its holder. A claim of generation {@code g} wins when the
 * register still holds {@code g} (it then holds {@code g + 1} and the claimant), or when it already holds
 * {@code g + 1} for the same claimant (a retry whose first answer was lost); every other claim loses, so
 * exactly one host wins each generation and a claim of an older generation never wins.
 *
 * <p>Implementations never throw for an unreachable witness: they answer {@link Outcome#UNREACHABLE}, which
 * the caller treats as "no answer": it keeps buffering and retries.
 */
public interface Witness {

    /** How a claim or read ended. */
    enum Outcome {
        /** The register now holds the claimed generation + 1 for this claimant. */
        WON,
        /** Another claimant holds the generation, or the register is past it. */
        LOST,
        /** No trustworthy answer (no connection, timeout, I/O error, an unauthenticated reply). */
        UNREACHABLE,
        /** A read: the register's contents. */
        READ
    }

    /**
     * An answer. {@code generation} and {@code holder} are the register after the request (unknown, 0 and "",
     * when unreachable). {@code maybeApplied} is true only for UNREACHABLE when the request may have reached
     * the register (sent, answer lost): the claimant must then retry until it hears WON or LOST, because the
     * register may already name it.
     */
    record Answer(Outcome outcome, long generation, String holder, boolean maybeApplied, String detail) {
        public static Answer unreachable(final boolean maybeApplied, final String detail) {
            return new Answer(Outcome.UNREACHABLE, 0, "", maybeApplied, detail);
        }
    }

    /** Claims generation {@code generation} for {@code claimant}. */
    Answer claim(long generation, String claimant);

    /** Reads the register (outcome READ, or UNREACHABLE). */
    Answer read();

    /** Where the witness is, for messages. */
    String describe();

    /**
     * The witness named by {@code spec}: {@code file:PATH} (a {@link FileWitness}) or {@code HOST:PORT} (a
     * {@link RemoteWitness} asked with the pair's key, unreachable after {@code timeoutMs}).
     *
     * @throws IllegalArgumentException naming the spec when it is neither
     */
    static Witness at(final String spec, final SharedKey key, final int timeoutMs) {
        if (spec.startsWith("file:")) {
            if (spec.length() == 5) {
                throw new IllegalArgumentException("witness 'file:': expected file:PATH");
            }
            return new FileWitness(Path.of(spec.substring(5)));
        }
        final int colon = spec.lastIndexOf(':');
        try {
            final int port = Integer.parseInt(spec.substring(colon + 1));
            if (colon <= 0 || port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new RemoteWitness(new InetSocketAddress(spec.substring(0, colon), port), key, timeoutMs);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("witness '" + spec + "': expected HOST:PORT (port 1..65535) or file:PATH", e);
        }
    }
}
