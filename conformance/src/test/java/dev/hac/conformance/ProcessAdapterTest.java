package dev.hac.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** --adapter-cmd's command line is split into words the way a shell would for simple cases. */
class ProcessAdapterTest {

    @Test
    void blanksSeparateWords() {
        assertThat(ProcessAdapter.words("  ./c-nic   --ring 1024\t-v ")).containsExactly("./c-nic", "--ring", "1024", "-v");
    }

    @Test
    void quotesKeepBlanksAndJoinWithTheirNeighbours() {
        assertThat(ProcessAdapter.words("sh -c 'tee in.ndjson | ./c-nic' x\"y z\"w ''"))
                .containsExactly("sh", "-c", "tee in.ndjson | ./c-nic", "xy zw", "");
    }

    @Test
    void aBackslashEscapesOutsideSingleQuotesOnly() {
        assertThat(ProcessAdapter.words("a\\ b \"c\\\"d\" 'e\\f'")).containsExactly("a b", "c\"d", "e\\f");
    }

    @Test
    void anUnterminatedQuoteOrTrailingBackslashIsRefusedWithTheLine() {
        assertThatThrownBy(() -> ProcessAdapter.words("./c-nic 'oops")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unterminated ' quote").hasMessageContaining("./c-nic 'oops");
        assertThatThrownBy(() -> ProcessAdapter.words("./c-nic \\")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backslash at the end");
    }

    @Test
    void anEmptyCommandCannotStart() {
        assertThatThrownBy(() -> ProcessAdapter.start(ProcessAdapter.words("   "), ProcessAdapter.DEFAULT_TIMEOUT,
                line -> { })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }
}
