package dev.hac.nic;

import dev.hac.testkit.nic.EthernetFrames;
import dev.hac.testkit.nic.FrameKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pcapng reader written from the spec (draft-ietf-opsawg-pcapng), independent of {@link PcapngFileSink}: walks
 * every block, and rejects with the byte offset a block whose two length fields differ or are not multiples of 4,
 * an unknown block type, options that overrun their block, or a packet on an interface not yet described.
 */
final class PcapngReader {

    record Interface(int linkType, int snapLength, String name, int tsResolution) {
    }

    record Packet(int interfaceId, long timestamp, int capturedLength, int originalLength, byte[] data,
                  List<String> comments) {
    }

    final List<Interface> interfaces = new ArrayList<>();
    final List<Packet> packets = new ArrayList<>();

    static PcapngReader read(final byte[] file) {
        final PcapngReader r = new PcapngReader();
        final ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        boolean section = false;
        while (b.hasRemaining()) {
            final int at = b.position();
            require(b.remaining() >= 12, at, "truncated block header");
            final int type = b.getInt();
            final int length = b.getInt();
            require(length >= 12 && length % 4 == 0 && length <= b.remaining() + 8, at,
                    "block length " + length + " not a multiple of 4 or past the end");
            require(b.getInt(at + length - 4) == length, at, "trailing block length differs");
            final ByteBuffer body = b.slice(at + 8, length - 12).order(ByteOrder.LITTLE_ENDIAN);
            switch (type) {
                case 0x0A0D0D0A -> {
                    require(body.getInt() == 0x1A2B3C4D, at, "byte-order magic");
                    require(body.getShort() == 1 && body.getShort() == 0, at, "version 1.0");
                    body.getLong();
                    options(body, at);
                    section = true;
                }
                case 0x00000001 -> {
                    require(section, at, "interface before the section header");
                    final int linkType = body.getShort() & 0xffff;
                    body.getShort();
                    final int snap = body.getInt();
                    final Map<Integer, List<byte[]>> o = options(body, at);
                    final String name = o.containsKey(2) ? new String(o.get(2).get(0), StandardCharsets.UTF_8) : null;
                    final int tsresol = o.containsKey(9) ? o.get(9).get(0)[0] : 6;
                    r.interfaces.add(new Interface(linkType, snap, name, tsresol));
                }
                case 0x00000006 -> {
                    final int id = body.getInt();
                    require(id >= 0 && id < r.interfaces.size(), at, "interface id " + id + " not described");
                    final long ts = ((body.getInt() & 0xffffffffL) << 32) | (body.getInt() & 0xffffffffL);
                    final int captured = body.getInt();
                    final int original = body.getInt();
                    require(captured <= original && captured <= r.interfaces.get(id).snapLength(), at, "captured length");
                    final byte[] data = new byte[captured];
                    body.get(data);
                    body.position(body.position() + (-captured & 3));
                    final List<String> comments = new ArrayList<>();
                    options(body, at).getOrDefault(1, List.of())
                            .forEach(c -> comments.add(new String(c, StandardCharsets.UTF_8)));
                    r.packets.add(new Packet(id, ts, captured, original, data, comments));
                }
                default -> throw new IllegalStateException("offset " + at + ": unexpected block type " + type);
            }
            b.position(at + length);
        }
        return r;
    }

    /** Options up to opt_endofopt, which must end the block exactly. */
    private static Map<Integer, List<byte[]>> options(final ByteBuffer body, final int at) {
        final Map<Integer, List<byte[]>> out = new LinkedHashMap<>();
        while (body.hasRemaining()) {
            final int code = body.getShort() & 0xffff;
            final int length = body.getShort() & 0xffff;
            if (code == 0) {
                require(length == 0 && !body.hasRemaining(), at, "opt_endofopt must end the block");
                return out;
            }
            require(length + (-length & 3) <= body.remaining(), at, "option " + code + " overruns its block");
            final byte[] v = new byte[length];
            body.get(v);
            body.position(body.position() + (-length & 3));
            out.computeIfAbsent(code, k -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static void require(final boolean ok, final int at, final String what) {
        if (!ok) {
            throw new IllegalStateException("offset " + at + ": " + what);
        }
    }
}
