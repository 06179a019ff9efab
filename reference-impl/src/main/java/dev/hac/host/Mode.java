package dev.hac.host;

/** The pair's mode, docs/DESIGN.md §2 {@code mode}. */
public enum Mode {
    /** Both hosts up; checkpointing VMs' output is buffered until committed. */
    PROTECTED("protected"),
    /** The secondary is lost; the primary runs without buffering, loudly. */
    UNPROTECTED("unprotected"),
    /** The primary is lost; the secondary runs the restored VMs. */
    FAILEDOVER("failedover");

    /** The model's string for this mode. */
    public final String model;

    Mode(final String model) {
        this.model = model;
    }
}
