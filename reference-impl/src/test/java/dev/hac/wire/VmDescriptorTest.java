package dev.hac.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VmDescriptorTest {
    private static VmDescriptor vm(final String id, final long mac, final int pages, final int port) {
        return new VmDescriptor(id, mac, true, pages, "kv", port);
    }

    @Test
    void acceptsEveryValueUpToItsLimitAndRefusesOnePast() {
        assertThat(vm("v".repeat(64), 0xFFFF_FFFF_FFFFL, 1, 65535)).isNotNull();
        assertThat(vm("v", 0, 1, 0)).isNotNull();
        assertThatThrownBy(() -> vm("v".repeat(65), 0, 1, 0)).hasMessageContaining("1..64 characters");
        assertThatThrownBy(() -> vm("", 0, 1, 0)).hasMessageContaining("1..64 characters");
        assertThatThrownBy(() -> vm("v", 1L << 48, 1, 0)).hasMessageContaining("48 bits");
        assertThatThrownBy(() -> vm("v", 0, 0, 0)).hasMessageContaining("memoryPages must be >= 1");
        assertThatThrownBy(() -> vm("v", 0, 1, 65536)).hasMessageContaining("udpPort out of range");
        assertThatThrownBy(() -> vm("v", 0, 1, -1)).hasMessageContaining("udpPort out of range");
    }
}
