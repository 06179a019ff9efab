package dev.hac.replication;

import dev.hac.wire.Message;
import dev.hac.wire.MessageEncoder;
import dev.hac.wire.SharedKey;
import dev.hac.wire.VmDescriptor;
import dev.hac.wire.WireFormat;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;
import javax.crypto.Mac;

/** What a peer of wire version 1 sends first, for tests that check it is refused by name. */
final class VersionOnePeer {
    private VersionOnePeer() {
    }

    /**
     * A HELLO as a peer of wire version 1 sends it: header, body in clear, one HMAC-SHA256 over header and body,
     * one CRC32C over everything. The body is the same as version 2's (a handshake segment carries it in clear).
     */
    static byte[] hello(final SharedKey key, final Message.Role role, final List<VmDescriptor> vms) {
        final byte[] v2 = new MessageEncoder(key).encode(new Message.Hello(role, SharedKey.randomBytes(16),
                SharedKey.randomBytes(16), 25_000, 10_000, vms));
        final int body = v2.length - WireFormat.PREFIX - WireFormat.HANDSHAKE_TAG - WireFormat.CRC;
        final ByteBuffer v1 = ByteBuffer.allocate(4 + 12 + body + 32 + 4);
        v1.putInt(12 + body + 32 + 4).putShort(WireFormat.MAGIC).put((byte) 1).put((byte) 1).putLong(1);
        v1.put(v2, WireFormat.PREFIX, body);
        final Mac mac = key.newMac();
        mac.update(v1.array(), 4, 12 + body);
        v1.put(mac.doFinal());
        final CRC32C crc = new CRC32C();
        crc.update(v1.array(), 4, 12 + body + 32);
        return v1.putInt((int) crc.getValue()).array();
    }
}
