package dev.hac.vocabulary;

/** What an action's single argument is called ({@code mbt::nondetPicks}, log {@code args}) and ranges over. */
public enum Argument {
    /** No argument. */
    NONE(null, "no argument"),
    /** {@code v}: any VM. */
    ANY_VM("v", "a VM id"),
    /** {@code v}: a checkpointing VM. */
    CKPT_VM("v", "a checkpointing VM id"),
    /** {@code order}: every checkpointing VM once, as a sequence. */
    ORDER("order", "a sequence of every checkpointing VM id, each once");

    private final String name;
    private final String type;

    Argument(final String name, final String type) {
        this.name = name;
        this.type = type;
    }

    /** The argument's name, or null when there is none. */
    public String argName() {
        return name;
    }

    /** What the argument's value must be, for messages. */
    public String type() {
        return type;
    }
}
