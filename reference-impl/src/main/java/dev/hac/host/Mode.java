package dev.hac.host;

import dev.hac.vocabulary.Constant;

/** The pair's mode, docs/DESIGN.md §2 {@code mode}. */
public enum Mode {
    /** Both hosts up; checkpointing VMs' output is buffered until committed. */
    PROTECTED(Constant.PROTECTED),
    /** The secondary is lost; the primary runs without buffering, loudly. */
    UNPROTECTED(Constant.UNPROTECTED),
    /** The primary is lost; the secondary runs the restored VMs. */
    FAILEDOVER(Constant.FAILEDOVER);

    /** The model's string for this mode. */
    public final String model;

    Mode(final String model) {
        this.model = model;
    }
}
