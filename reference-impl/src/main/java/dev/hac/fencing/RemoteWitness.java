package dev.hac.fencing;

import dev.hac.wire.SharedKey;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** A claimant's side of {@code hac witness}: one authenticated request per TCP connection (see {@link WitnessProtocol}). */
public final class RemoteWitness implements Witness {
    private final InetSocketAddress address;
    private final SharedKey key;
    private final int timeoutMs;

    /** @param timeoutMs bound on connecting and on each read: past it the witness is unreachable */
    public RemoteWitness(final InetSocketAddress address, final SharedKey key, final int timeoutMs) {
        this.address = address;
        this.key = key;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Answer claim(final long generation, final String claimant) {
        return ask(WitnessProtocol.OP_CLAIM, generation, claimant);
    }

    @Override
    public Answer read() {
        return ask(WitnessProtocol.OP_READ, 0, "-");
    }

    private Answer ask(final byte op, final long generation, final String claimant) {
        boolean sent = false;
        try (Socket s = new Socket()) {
            s.connect(address, timeoutMs);
            s.setSoTimeout(timeoutMs);
            s.setTcpNoDelay(true);
            final DataInputStream in = new DataInputStream(s.getInputStream());
            final DataOutputStream out = new DataOutputStream(s.getOutputStream());
            final byte[] serverNonce = WitnessProtocol.parseChallenge(WitnessProtocol.readFrame(in));
            final byte[] clientNonce = SharedKey.randomBytes(WitnessProtocol.NONCE);
            sent = true; // from here on the witness may apply the claim even if its answer never arrives
            WitnessProtocol.writeFrame(out, WitnessProtocol.request(key, serverNonce, clientNonce, op, generation, claimant));
            final WitnessProtocol.Reply r = WitnessProtocol.parseReply(key, serverNonce, clientNonce, WitnessProtocol.readFrame(in));
            if (r == null) {
                return Answer.unreachable(op == WitnessProtocol.OP_CLAIM, address + ": an answer that does not authenticate");
            }
            return new Answer(r.outcome(), r.generation(), r.holder(), false, "witness " + address);
        } catch (IOException e) {
            return Answer.unreachable(sent && op == WitnessProtocol.OP_CLAIM, address + ": " + e.getMessage());
        }
    }

    @Override
    public String describe() {
        return address.getHostString() + ":" + address.getPort();
    }
}
