package dev.hac.testkit.nic;

import dev.hac.nic.FrameClassifier;
import dev.hac.nic.NicConfig;
import dev.hac.nic.SubmitStatus;

/**
 * Kinds of frames a test or fuzz driver can ask {@link EthernetFrames} for, each with the submit status the engine
 * must give it on a configured VF (before limits are considered). Shared by the engine tests and the fuzz
 * drivers.
 */
public enum FrameKind {
    /** Well-formed, untagged, IPv4 EtherType. */
    VALID(FrameClassifier.VALID),
    /** Well-formed with an 802.1Q tag. */
    TAGGED(FrameClassifier.VALID),
    /** Well-formed 802.3 frame: a length field instead of an EtherType. */
    LENGTH_FIELD(FrameClassifier.VALID),
    RUNT(SubmitStatus.REFUSED_RUNT),
    OVERSIZE(SubmitStatus.REFUSED_OVERSIZE),
    /** An 802.1Q tag with the reserved VLAN id 4095. */
    BAD_TAG(SubmitStatus.REFUSED_BAD_TAG),
    /** EtherType 0x05ff, in the undefined gap between lengths and types. */
    BAD_ETHERTYPE(SubmitStatus.REFUSED_BAD_ETHERTYPE),
    /** Source MAC of another station. */
    SPOOFED(SubmitStatus.REFUSED_SPOOFED);

    private final int verdict;

    FrameKind(final int verdict) {
        this.verdict = verdict;
    }

    /** {@link FrameClassifier#VALID} or the refusal status. */
    public int verdict() {
        return verdict;
    }

    /** Smallest length this kind can have at the given MTU. */
    public int minLength(final int mtu) {
        return switch (this) {
            case RUNT -> 0;
            case OVERSIZE -> mtu + NicConfig.ETH_HEADER + NicConfig.VLAN_TAG + 1;
            default -> FrameClassifier.MIN_FRAME;
        };
    }

    /** Largest length this kind can have at the given MTU. */
    public int maxLength(final int mtu) {
        return switch (this) {
            case RUNT -> FrameClassifier.MIN_FRAME - 1;
            case OVERSIZE -> mtu + NicConfig.ETH_HEADER + NicConfig.VLAN_TAG + 64;
            case TAGGED, BAD_TAG -> mtu + NicConfig.ETH_HEADER + NicConfig.VLAN_TAG;
            default -> mtu + NicConfig.ETH_HEADER;
        };
    }
}
