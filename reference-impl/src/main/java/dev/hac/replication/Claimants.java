package dev.hac.replication;

import dev.hac.wire.SharedKey;
import java.util.HexFormat;

/** Names a host gives itself at the witness: role, process id and a random part, unique per incarnation. */
final class Claimants {
    private Claimants() {
    }

    static String of(final String role) {
        return role + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(SharedKey.randomBytes(4));
    }
}
