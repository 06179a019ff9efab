package dev.hac.fuzz;

import dev.hac.host.CheckpointRefused;
import dev.hac.host.GuestMemory;
import dev.hac.host.Replica;
import dev.hac.host.StagingArea;
import dev.hac.host.Standby;
import dev.hac.wire.Message;
import dev.hac.wire.MessageDecoder;
import dev.hac.wire.MessageEncoder;
import dev.hac.wire.MessageRejected;
import dev.hac.wire.SessionKeys;
import dev.hac.wire.SharedKey;
import dev.hac.wire.VmDescriptor;
import dev.hac.wire.WireFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code replication} target's oracle. The primary's side is built from the real codec and host classes
 * (guest memory with dirty tracking, staging area, {@link MessageEncoder}); the case's mutations damage the
 * encoded messages; the secondary's side is the real {@link MessageDecoder} feeding a real {@link Standby}.
 * Checked for every message:
 * <ul>
 * <li>nothing throws except {@link MessageRejected} (with a reason) and {@link CheckpointRefused} (with a
 *     reason);</li>
 * <li>the decoder accepts only the original message of the next sequence number, or one a key holder re-signed:
 *     never damaged, forged, replayed or reordered bytes;</li>
 * <li>a rejected message or refused checkpoint leaves every replica exactly as it was (memory, applied epoch
 *     and seq, nothing staged);</li>
 * <li>a refused checkpoint is refused for the reason a plain re-statement of the replica's rules gives (among
 *     them: a replica's first checkpoint must carry every page), and an
 *     applied one changes exactly its pages, epoch and seq; an intact stream applies every checkpoint and the
 *     replicas end equal to the primary's memory.</li>
 * </ul>
 */
public final class ReplicationOracle {

    static final SharedKey KEY = new SharedKey("hac-fuzz-replication-key".getBytes(StandardCharsets.US_ASCII));
    static final SharedKey FOREIGN = new SharedKey("someone-else's-key-here!".getBytes(StandardCharsets.US_ASCII));
    static final int MAX_LENGTH = 1 << 20;
    /** Where a guest keeps its vmSeq (dev.hac.host.VmLayout.VM_SEQ): the replica checks headers against it. */
    static final int VM_SEQ_ADDRESS = 0;
    private static final int SEQ_AT = WireFormat.LENGTH_FIELD + 4;
    private static final int TYPE_AT = WireFormat.LENGTH_FIELD + 3;
    /** The handshake's nonces; the session keys follow from them and the pre-shared key. */
    private static final byte[] NONCE = new byte[WireFormat.NONCE];
    /** Derived once: every case's handshake uses the same nonces, and the derivation is two HMACs per side. */
    private static final SessionKeys SESSION = KEY.sessionKeys(NONCE, NONCE);
    private static final WireForge FORGE = new WireForge(KEY, NONCE, NONCE);
    private static final WireForge FOREIGN_FORGE = new WireForge(FOREIGN, NONCE, NONCE);

    /** How the secondary turns bytes into messages; tests substitute a broken one to show the oracle notices. */
    @FunctionalInterface
    interface Receiver {
        Message decode(MessageDecoder decoder, byte[] whole) throws MessageRejected;
    }

    private final ReplicationCase c;
    private final Receiver receiver;
    private final List<Message> originals = new ArrayList<>();
    private final List<VmDescriptor> vms = new ArrayList<>();
    private final List<GuestMemory> primary = new ArrayList<>();
    private final Set<Long> resignedSeqs = new HashSet<>();
    private final Map<String, Expected> expected = new HashMap<>();
    private Standby standby;
    private MessageDecoder decoder;
    private boolean inSession;
    /** No message so far was rejected, refused or re-signed: every checkpoint must apply. */
    private boolean pristine = true;
    private int applied;
    /** Messages the decoder accepted: the k-th must be the primary's message k. */
    private long acceptedMessages;

    private ReplicationOracle(final ReplicationCase c, final Receiver receiver) {
        this.c = c;
        this.receiver = receiver;
    }

    public static void check(final ReplicationCase c) {
        check(c, MessageDecoder::decode);
    }

    static void check(final ReplicationCase c, final Receiver receiver) {
        new ReplicationOracle(c, receiver).run();
    }

    private void run() {
        final List<byte[]> wire = mutate(primarySession());
        standby = new Standby(vms);
        for (final VmDescriptor d : vms) {
            final Replica r = standby.replica(d.id());
            expected.put(d.id(), new Expected(d.memoryPages(), r.appliedEpoch(), r.appliedSeq()));
        }
        unchanged("a new standby");
        decoder = new MessageDecoder(KEY, MAX_LENGTH);
        if (c.streamed()) {
            receiveStream(decoder, wire);
        } else {
            for (final byte[] m : wire) {
                try {
                    accepted(receiver.decode(decoder, m));
                } catch (MessageRejected e) {
                    rejected(e);
                }
            }
        }
        if (c.mutations().isEmpty()) {
            if (applied != c.epochs().size()) {
                fail("an intact stream applied " + applied + " of " + c.epochs().size() + " checkpoints");
            }
            for (int i = 0; i < vms.size(); i++) {
                if (!memoryOf(vms.get(i).id()).contentEquals(primary.get(i))) {
                    fail("after an intact stream the replica of " + vms.get(i).id() + " differs from the primary");
                }
            }
        }
    }

    private void receiveStream(final MessageDecoder decoder, final List<byte[]> wire) {
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        wire.forEach(all::writeBytes);
        final ByteArrayInputStream in = new ByteArrayInputStream(all.toByteArray());
        while (true) {
            try {
                final Message m = decoder.read(in);
                if (m == null) {
                    return;
                }
                accepted(m);
            } catch (MessageRejected e) {
                // As Link does: a byte stream cannot be trusted past a rejected message, so the connection ends.
                rejected(e);
                return;
            } catch (IOException e) {
                fail("reading from memory threw " + e);
            }
        }
    }

    // ------------------------------------------------------------------ the primary's side

    private List<byte[]> primarySession() {
        for (int i = 0; i < c.vmPages().size(); i++) {
            final int pages = c.vmPages().get(i);
            vms.add(new VmDescriptor("c" + i, 0x02_00_00_00_00_01L + i, true, pages, "kv", 40_000 + i));
            final GuestMemory mem = new GuestMemory(pages);
            mem.markAllDirty(); // as a booted VM: the session's first checkpoint is a full copy
            primary.add(mem);
        }
        final MessageEncoder encoder = new MessageEncoder(KEY);
        final List<byte[]> out = new ArrayList<>();
        send(encoder, out, new Message.Hello(Message.Role.PRIMARY, NONCE, NONCE, 25_000, 10_000, vms));
        encoder.startSession(SESSION, Message.Role.PRIMARY);
        final long[] epoch = new long[vms.size()];
        final long[] vmSeq = new long[vms.size()];
        for (final ReplicationCase.Epoch e : c.epochs()) {
            final GuestMemory mem = primary.get(e.vm());
            for (final ReplicationCase.Write w : e.writes()) {
                // Guest stores land anywhere but on the vmSeq header, which only the emit path writes.
                mem.putLong(8 + Math.floorMod(w.address(), mem.sizeBytes() - 16), w.value());
            }
            if (e.frames() > 0) {
                vmSeq[e.vm()] += e.frames();
                mem.putLong(VM_SEQ_ADDRESS, vmSeq[e.vm()]);
            }
            final StagingArea staging = new StagingArea(mem.pages());
            mem.drainDirtyInto(staging);
            send(encoder, out, staging.toCheckpoint(vms.get(e.vm()).id(), ++epoch[e.vm()], vmSeq[e.vm()], mem.pages()));
            if (e.heartbeat()) {
                send(encoder, out, new Message.Heartbeat(out.size()));
            }
        }
        return out;
    }

    private void send(final MessageEncoder encoder, final List<byte[]> out, final Message m) {
        originals.add(m);
        out.add(encoder.encode(m));
    }

    private List<byte[]> mutate(final List<byte[]> original) {
        final List<byte[]> wire = new ArrayList<>(original);
        for (final ReplicationCase.Mutation m : c.mutations()) {
            if (wire.isEmpty()) {
                break;
            }
            final int n = wire.size();
            if (m instanceof ReplicationCase.FlipBit f) {
                final byte[] b = wire.get(Math.floorMod(f.message(), n)).clone();
                if (b.length > 0) {
                    b[Math.floorMod(f.bit(), b.length * 8) / 8] ^= (byte) (1 << (f.bit() & 7));
                }
                wire.set(Math.floorMod(f.message(), n), b);
            } else if (m instanceof ReplicationCase.Truncate t) {
                final byte[] b = wire.get(Math.floorMod(t.message(), n));
                wire.set(Math.floorMod(t.message(), n), Arrays.copyOf(b, Math.floorMod(t.keep(), b.length + 1)));
            } else if (m instanceof ReplicationCase.Drop d) {
                wire.remove(Math.floorMod(d.message(), n));
            } else if (m instanceof ReplicationCase.Duplicate d) {
                wire.add(Math.floorMod(d.to(), n + 1), wire.get(Math.floorMod(d.message(), n)));
            } else if (m instanceof ReplicationCase.Swap s) {
                final int a = Math.floorMod(s.a(), n);
                final int b = Math.floorMod(s.b(), n);
                final byte[] t = wire.get(a);
                wire.set(a, wire.get(b));
                wire.set(b, t);
            } else if (m instanceof ReplicationCase.SetLength l) {
                final byte[] b = wire.get(Math.floorMod(l.message(), n)).clone();
                if (b.length >= WireFormat.LENGTH_FIELD) {
                    ByteBuffer.wrap(b).putInt(0, l.length());
                }
                wire.set(Math.floorMod(l.message(), n), b);
            } else if (m instanceof ReplicationCase.ForeignKey f) {
                final byte[] b = wire.get(Math.floorMod(f.message(), n));
                final byte[] plain = FORGE.open(b, isHello(b));
                if (plain != null) {
                    wire.set(Math.floorMod(f.message(), n), FOREIGN_FORGE.seal(plain, isHello(b)));
                }
            } else if (m instanceof ReplicationCase.Resign r) {
                final byte[] b = wire.get(Math.floorMod(r.message(), n));
                final byte[] plain = FORGE.open(b, isHello(b));
                if (plain != null) {
                    plain[Math.floorMod(r.at(), plain.length)] = r.value();
                    final byte[] resealed = FORGE.seal(plain, isHello(b));
                    wire.set(Math.floorMod(r.message(), n), resealed);
                    resignedSeqs.add(ByteBuffer.wrap(resealed).getLong(SEQ_AT));
                }
            } else if (m instanceof ReplicationCase.Garbage g) {
                wire.add(Math.floorMod(g.at(), n + 1), g.bytes().clone());
            }
        }
        return wire;
    }

    /** The primary seals only its HELLO with the pre-shared key; everything after it goes under the session key. */
    private static boolean isHello(final byte[] b) {
        return b.length > TYPE_AT && b[TYPE_AT] == 1;
    }

    // ------------------------------------------------------------------ the secondary's side

    private void accepted(final Message m) {
        final long seq = ++acceptedMessages;
        final boolean resigned = resignedSeqs.contains(seq);
        if (!resigned && (seq > originals.size() || !originals.get((int) seq - 1).equals(m))) {
            fail("the decoder accepted, as message " + seq + ", something the primary never sent: " + m);
        }
        if (resigned) {
            pristine = false;
        }
        if (m instanceof Message.Hello && !inSession) {
            // As Link does: the primary's HELLO ends the handshake, session keys from here on.
            decoder.startSession(SESSION, Message.Role.PRIMARY);
            inSession = true;
        }
        if (!(m instanceof Message.Checkpoint cp)) {
            unchanged("a " + m.type() + " message");
            return;
        }
        final CheckpointRefused.Reason why = expectedRefusal(cp);
        try {
            final long ack = standby.apply(cp);
            if (why != null) {
                fail("applied " + cp + " which the replica rules refuse with " + why);
            }
            appliedAsExpected(cp, ack);
        } catch (CheckpointRefused e) {
            if (e.reason() == null || e.getMessage() == null) {
                fail("a refusal without a reason: " + e);
            }
            if (pristine && !resigned) {
                fail("an intact checkpoint was refused: " + e.getMessage());
            }
            if (e.reason() != why) {
                fail("refused " + cp + " with " + e.reason() + ", the replica rules say " + why);
            }
            pristine = false;
            unchanged("refused " + cp);
        } catch (RuntimeException e) {
            throw new AssertionError("applying " + cp + " threw " + e + "\ncase: " + c, e);
        }
    }

    private void rejected(final MessageRejected e) {
        if (e.reason() == null || e.getMessage() == null || e.getMessage().isBlank()) {
            fail("a rejection without a reason: " + e);
        }
        pristine = false;
        unchanged("rejected message (" + e.getMessage() + ")");
    }

    /** The replica's rules, restated: which refusal {@code cp} must get, or null when it must apply. */
    private CheckpointRefused.Reason expectedRefusal(final Message.Checkpoint cp) {
        final Expected r = expected.get(cp.vm());
        if (r == null) {
            return CheckpointRefused.Reason.WRONG_VM;
        }
        if (cp.totalPages() != r.memory.pages()) {
            return CheckpointRefused.Reason.SIZE_MISMATCH;
        }
        if (cp.epoch() <= r.epoch) {
            return CheckpointRefused.Reason.STALE_EPOCH;
        }
        if (r.epoch == 0 && cp.pageIndex().length != cp.totalPages()) {
            return CheckpointRefused.Reason.NOT_A_FULL_COPY;
        }
        final GuestMemory after = r.scratch;
        after.copyFrom(r.memory);
        after.writePages(cp);
        return after.getLong(VM_SEQ_ADDRESS) == cp.vmSeq() ? null : CheckpointRefused.Reason.HEADER_MISMATCH;
    }

    private void appliedAsExpected(final Message.Checkpoint cp, final long ack) {
        applied++;
        final Replica replica = standby.replica(cp.vm());
        final Expected e = expected.get(cp.vm());
        final GuestMemory want = e.memory;
        want.writePages(cp);
        e.epoch = cp.epoch();
        e.seq = cp.vmSeq();
        final GuestMemory got = memoryOf(cp.vm());
        if (ack != cp.epoch() || replica.appliedEpoch() != cp.epoch() || replica.appliedSeq() != cp.vmSeq()
                || replica.hasStaged() || !got.contentEquals(want) || got.getLong(VM_SEQ_ADDRESS) != cp.vmSeq()) {
            fail("applying " + cp + " left replica epoch " + replica.appliedEpoch() + " seq " + replica.appliedSeq()
                    + " (ack " + ack + "), memory " + (got.contentEquals(want) ? "as expected" : "NOT as expected"));
        }
    }

    /**
     * What a replica must hold between messages, kept from the checkpoints the oracle saw it apply (and compared with
     * the replica after each of them). Comparing the replica with it after every message is the "left every replica
     * exactly as it was" check without copying every replica before every message: the replica was equal to it
     * before, so it is unchanged exactly when it still is. The copies cost most of a campaign when a damaged stream
     * made the decoder reject four bytes at a time through a whole session.
     */
    private static final class Expected {
        final GuestMemory memory;
        long epoch;
        long seq;
        /** Where the replica's memory is read into (and the header check's page writes tried), reused. */
        final GuestMemory scratch;

        Expected(final int pages, final long epoch, final long seq) {
            this.memory = new GuestMemory(pages);
            this.scratch = new GuestMemory(pages);
            this.epoch = epoch;
            this.seq = seq;
        }
    }

    /** Every replica holds what it held before the last message: its memory, applied epoch and seq; nothing staged. */
    private void unchanged(final String what) {
        for (final VmDescriptor d : vms) {
            final Replica r = standby.replica(d.id());
            final Expected e = expected.get(d.id());
            if (r.appliedEpoch() != e.epoch || r.appliedSeq() != e.seq || !memoryOf(d.id()).contentEquals(e.memory)) {
                fail(what + " changed the replica of " + d.id());
            }
        }
    }

    /**
     * The replica's applied memory, read into its {@link Expected#scratch} (valid until the next read): restoreInto
     * only drops a staged checkpoint, and none is ever staged here.
     */
    private GuestMemory memoryOf(final String vm) {
        final Replica r = standby.replica(vm);
        if (r.hasStaged()) {
            fail("the replica of " + vm + " holds a staged checkpoint between messages");
        }
        final GuestMemory copy = expected.get(vm).scratch;
        r.restoreInto(copy);
        return copy;
    }

    private void fail(final String message) {
        throw new AssertionError(message + "\ncase: " + c);
    }
}
