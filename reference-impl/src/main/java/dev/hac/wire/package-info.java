/**
 * Frame and message codecs.
 *
 * <p>Replication messages ({@link dev.hac.wire.Message}: HELLO, CHECKPOINT, ACK, HEARTBEAT) are length-prefixed,
 * versioned, numbered per direction, cut into 16 KiB segments each sealed with AES-256-GCM under a per-direction
 * session key derived from the pre-shared key and a nonce of each peer (the handshake itself is authenticated
 * with HMAC-SHA256 under the pre-shared key), and protected by CRC32C; the layout is in
 * {@link dev.hac.wire.WireFormat}.
 * {@link dev.hac.wire.MessageDecoder} checks everything before it builds a message and refuses anything else with a
 * {@link dev.hac.wire.RejectReason}. Guest frames are Ethernet/IPv4/UDP ({@link dev.hac.wire.UdpFrame}).
 */
package dev.hac.wire;
