package dev.hac.fuzz;

/** A text input of the {@code itf} and {@code log} targets: the document a reader gets, whole. */
public record TextDocument(String text) {

    @Override
    public String toString() {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "... (" + text.length() + " chars)";
    }
}
