package dev.hac.spec;

/** One row of a run's per-property summary. */
public record PropertyResult(String name, PropertyKind kind, Status status) {

    /** What the run established about the property. */
    public enum Status {
        HOLDS("holds"),
        VIOLATED("VIOLATED"),
        /** TLC stopped at another violation or an error before it could decide. */
        UNDECIDED("not decided (run stopped)");

        private final String label;

        Status(final String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }
}
