package dev.hac.nic;

/**
 * Checks that bytes are a well-formed Ethernet II / 802.3 frame (without FCS) the engine may carry:
 * destination MAC, source MAC, an optional single 802.1Q tag, EtherType or 802.3 length. Pure function of its
 * arguments: no allocation, no exceptions, no state. Anti-spoofing (source MAC = the VF's MAC) is the engine's
 * job because it needs the VF.
 */
public final class FrameClassifier {

    /** The frame is well formed. Never a {@link SubmitStatus} code. */
    public static final int VALID = 0;
    /** Minimum Ethernet frame without FCS (ETH_ZLEN): shorter frames are runts. */
    public static final int MIN_FRAME = 60;

    static final int TPID_8021Q = 0x8100;
    static final int TPID_8021AD = 0x88a8;
    static final int MAX_8023_LENGTH = 1500;
    static final int MIN_ETHERTYPE = 0x0600;
    static final int RESERVED_VID = 0xfff;
    static final int SRC_MAC_OFFSET = 6;
    static final int TYPE_OFFSET = 12;

    private FrameClassifier() {
    }

    /**
     * @param frame  bytes; the caller has checked that {@code [offset, offset+length)} lies inside
     * @param offset first byte
     * @param length frame length without FCS
     * @param mtu    the engine's MTU
     * @return {@link #VALID} or one of {@link SubmitStatus#REFUSED_RUNT}, {@link SubmitStatus#REFUSED_OVERSIZE},
     *         {@link SubmitStatus#REFUSED_BAD_TAG}, {@link SubmitStatus#REFUSED_BAD_ETHERTYPE}
     */
    public static int classify(final byte[] frame, final int offset, final int length, final int mtu) {
        if (length < MIN_FRAME) {
            return SubmitStatus.REFUSED_RUNT;
        }
        if (length > mtu + NicConfig.ETH_HEADER + NicConfig.VLAN_TAG) {
            return SubmitStatus.REFUSED_OVERSIZE;
        }
        int typeAt = offset + TYPE_OFFSET;
        int type = u16(frame, typeAt);
        int header = NicConfig.ETH_HEADER;
        if (type == TPID_8021Q) {
            final int vid = u16(frame, typeAt + 2) & 0x0fff;
            typeAt += NicConfig.VLAN_TAG;
            type = u16(frame, typeAt);
            header += NicConfig.VLAN_TAG;
            // One C-tag only: a VM may not stack tags (QinQ is the port's business).
            if (vid == RESERVED_VID || type == TPID_8021Q || type == TPID_8021AD) {
                return SubmitStatus.REFUSED_BAD_TAG;
            }
        } else if (type == TPID_8021AD) {
            return SubmitStatus.REFUSED_BAD_TAG;
        } else if (length > mtu + NicConfig.ETH_HEADER) {
            return SubmitStatus.REFUSED_OVERSIZE;
        }
        if (type < MIN_ETHERTYPE) {
            // 802.3 length field: must be a length and must fit in the frame (the rest is padding).
            if (type > MAX_8023_LENGTH || type > length - header) {
                return SubmitStatus.REFUSED_BAD_ETHERTYPE;
            }
        }
        return VALID;
    }

    /** The source MAC of a frame at least 14 bytes long. */
    public static long sourceMac(final byte[] frame, final int offset) {
        return MacAddress.read(frame, offset + SRC_MAC_OFFSET);
    }

    private static int u16(final byte[] b, final int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
