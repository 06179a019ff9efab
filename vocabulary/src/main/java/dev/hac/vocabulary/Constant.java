package dev.hac.vocabulary;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The constants an implementation is configured with, and the values of the enumerated ones.
 * Model bounds (such as {@code MaxSeq}) are the model's, not the contract's, and are not here.
 */
public enum Constant {
    /** The checkpointing VMs, a set of ids. */
    CKPT_VMS("CkptVMs"),
    /** The ordinary VMs, a set of ids. */
    PLAIN_VMS("PlainVMs"),
    /** Frames one checkpointing VM may have buffered. */
    CAP("Cap"),
    /** The transmit scheduler: {@link #STRICT} or {@link #BYPASS}. */
    POLICY("Policy"),
    /** Under bounded bypass: checkpointed frames sent in a row before an ordinary one may pass. */
    K("K"),
    /** What a full buffer does: {@link #BACKPRESSURE}, {@link #DROP} or {@link #EARLY}. */
    OVERFLOW("Overflow");

    /** Every constant name, in the spec's order. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Constant::id).toList();

    public static final String STRICT = "strict";
    public static final String BYPASS = "bypass";
    public static final Set<String> POLICIES = Set.of(STRICT, BYPASS);

    public static final String BACKPRESSURE = "backpressure";
    public static final String DROP = "drop";
    public static final String EARLY = "early";
    public static final Set<String> OVERFLOWS = Set.of(BACKPRESSURE, DROP, EARLY);

    /** The values of the variable {@code mode}. */
    public static final String PROTECTED = "protected";
    public static final String UNPROTECTED = "unprotected";
    public static final String FAILEDOVER = "failedover";
    public static final Set<String> MODES = Set.of(PROTECTED, UNPROTECTED, FAILEDOVER);

    private final String id;

    Constant(final String id) {
        this.id = id;
    }

    /** The constant's name in the spec. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
