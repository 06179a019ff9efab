package dev.hac.conformance;

import java.util.Map;

/**
 * An implementation under conformance test, driven one abstract action at a time.
 * <p>
 * The vocabulary is the contract of docs/MODEL.md, spelled in {@code dev.hac.vocabulary}: the
 * constants ({@link dev.hac.vocabulary.Constant}), the actions and their arguments
 * ({@link dev.hac.vocabulary.Action}), the variables ({@link dev.hac.vocabulary.Variable}).
 * Values cross this interface as plain Java values (see {@link dev.hac.vocabulary.ItfValues}):
 * booleans, integers ({@code Integer}, {@code Long} or {@code BigInteger}), strings,
 * {@code List} for sequences, {@code Set} for sets, and {@code Map} for both records
 * (field name to value) and functions (VM id to value). A map whose keys are all VM ids
 * is read as a function, any other as a record, the same rule the suite applies to
 * TLC's output. An adapter may also return Jackson {@code JsonNode}s in ITF form.
 * <p>
 * One instance serves one replay at a time; {@link #reset} starts every trace afresh.
 * See {@code conformance/ADAPTERS.md} for a how-to.
 */
public interface SystemUnderTest extends AutoCloseable {

    /**
     * Starts afresh in the model's initial state under the given constants. Keys are the
     * constant names of the trace's {@code params}; sets arrive as {@code Set<String>},
     * numbers as {@code Integer}, strings as {@code String}. Model bounds such as
     * {@code MaxSeq} may be present and are meant to be ignored.
     *
     * @throws IllegalArgumentException when the implementation cannot run this configuration
     *                                  (the message says which constant and why)
     */
    void reset(Map<String, Object> params);

    /**
     * Performs one action. {@code args} holds {@code v} (a VM id, {@code String}) for
     * VmEmit, HacStartCheckpoint, SecondaryApply, PrimaryReceiveAck and HacAbortCheckpoint,
     * {@code order} (a {@code List<String>} of every checkpointing VM) for
     * PrimaryDetectSecondaryLoss, and nothing for the other actions.
     *
     * @return true when performed; false when the action is not enabled in the current
     *         state (then nothing may have changed). Refusing an action the trace takes is
     *         a divergence.
     */
    boolean apply(String action, Map<String, Object> args);

    /**
     * The abstract variables now, by name. Return every variable the implementation can
     * observe; replay compares those the trace carries, and any left out go unchecked
     * (the report names them).
     *
     * @throws BrokenAdapterException when the adapter can no longer reach the
     *                                implementation (replay stops: bad input, not a divergence)
     */
    Map<String, Object> observe();

    /**
     * True for an adapter that is on the class path by default (the reference implementation's, in
     * the CLI): when no adapter is named, any adapter that is not a fallback is preferred to it.
     */
    default boolean fallback() {
        return false;
    }

    /** A short name for reports. */
    default String name() {
        return getClass().getName();
    }

    /** Releases resources (threads, sockets) after the last trace. */
    @Override
    default void close() {
    }
}
