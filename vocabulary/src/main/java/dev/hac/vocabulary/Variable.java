package dev.hac.vocabulary;

import java.util.Arrays;
import java.util.List;

/** The thirteen variables of OutputCommit, by the names traces, adapters and logs use. */
public enum Variable {
    PRIMARY_UP("primaryUp"),
    SECONDARY_UP("secondaryUp"),
    MODE("mode"),
    VM_SEQ("vmSeq"),
    EPOCH("epoch"),
    INFLIGHT("inflight"),
    COMMITTED("committed"),
    ACKED("acked"),
    BUF("buf"),
    TX_HIGH("txHigh"),
    TX_NORMAL("txNormal"),
    WIRE("wire"),
    HIGH_STREAK("highStreak");

    /** The fields of the records the variables hold: frames {@code [vm, seq]}, {@code [seq, epoch]}, checkpoints {@code [epoch, seq]}. */
    public static final String VM = "vm";
    public static final String SEQ = "seq";
    public static final String EPOCH_FIELD = "epoch";
    public static final List<String> RECORD_FIELDS = List.of(VM, SEQ, EPOCH_FIELD);

    /** Every variable name, in the spec's order. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Variable::id).toList();

    private final String id;

    Variable(final String id) {
        this.id = id;
    }

    /** The variable's name in the spec. */
    public String id() {
        return id;
    }

    /** The variable called {@code name}, or null when the contract has none of that name. */
    public static Variable named(final String name) {
        for (final Variable v : values()) {
            if (v.id.equals(name)) {
                return v;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return id;
    }
}
