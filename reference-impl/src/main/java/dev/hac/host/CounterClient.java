package dev.hac.host;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A UDP client of the kv service that checks output commit from the outside. It
 * increments its own counter (its key) with request ids 1, 2, 3, ...; the service
 * applies each id at most once and answers a retry with the value it gave, so with
 * output commit every answer is exactly its request id, before and after a
 * takeover. An answer below that means the state that produced an answer the
 * client already saw was lost: a violation. After {@link #stopAndJoin}, {@link
 * #finalCheck} reads the counter back and demands at least the last value seen.
 *
 * <p>Given the service's address on each host, the client sends every request to
 * all of them, as an IP takeover looks from outside: whichever host serves the VM
 * answers. One host at a time: an answer to a request another host already
 * answered, or any answer from a host after another host took over, is a
 * violation (two live copies of the VM).
 */
public final class CounterClient extends Thread {
    private static final int TIMEOUT_MS = 100;

    private final long key;
    private final List<InetSocketAddress> servers;
    /** The host whose answer the client accepted last, and the hosts that answered before it. */
    private InetSocketAddress owner;
    private final List<InetSocketAddress> retired = new ArrayList<>();
    /**
     * No answer came for a whole exchange since the last accepted one: the owner may be dead, so a host that served
     * before may serve again (roles flip as hosts fail and rejoin). Two live hosts answer without such a gap.
     */
    private boolean ownerSilent;
    private volatile long hostSwitches;
    private volatile boolean lateDuplicatesTolerated;
    private volatile long lateDuplicates;
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Histogram before = new Histogram(3);
    private final Histogram after = new Histogram(3);
    private volatile boolean stop;
    private volatile long phaseAt = Long.MAX_VALUE;
    private volatile long firstAnswerAfterPhase;
    private volatile long lastAnswerAt;
    private volatile long longestGapAfterPhase;
    private volatile long lastValue;
    private volatile long answers;

    public CounterClient(final long key, final InetSocketAddress server) {
        this(key, List.of(server));
    }

    /** A client of the service at any of {@code servers} (the same VM's address on each host). */
    public CounterClient(final long key, final List<InetSocketAddress> servers) {
        super("hac-counter-client-" + key);
        if (key < 1 || servers.isEmpty()) {
            throw new IllegalArgumentException("keys start at 1; at least one server");
        }
        this.key = key;
        this.servers = List.copyOf(servers);
        setDaemon(true);
    }

    /**
     * From now on an answer from a host that lost the VM, to a request another host already answered, carrying the
     * value the request was answered with, is counted ({@link #lateDuplicates}) instead of being a violation. Such a
     * frame is committed output that had passed its lease check when its host was frozen for longer than the
     * fencing model's pause bound, and left when the host resumed: a lease in software cannot stop a send already
     * under way (docs/DESIGN.md §8). An answer to a request not yet answered, or with another value, stays a
     * violation.
     */
    public void tolerateLateDuplicates() {
        lateDuplicatesTolerated = true;
    }

    /** Answers counted by {@link #tolerateLateDuplicates}. */
    public long lateDuplicates() {
        return lateDuplicates;
    }

    /** Times the answering host changed (1 after a takeover seen by this client). */
    public long hostSwitches() {
        return hostSwitches;
    }

    /**
     * From now on latencies go to the "after" histogram (e.g. the moment the primary was killed); a new mark starts
     * the outage figures ({@link #longestGapMillis}, {@link #outageMillis}) afresh with the client's next answer.
     */
    public void markPhase(final long nanos) {
        phaseAt = nanos;
    }

    @Override
    public void run() {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.socket().setSoTimeout(TIMEOUT_MS);
            final ByteBuffer req = ByteBuffer.allocate(KvProtocol.SIZE);
            long id = 1;
            long phase = Long.MAX_VALUE;
            while (!stop) {
                KvProtocol.request(req, KvProtocol.INCR, key, id, 0);
                final long sent = System.nanoTime();
                final KvProtocol.Reply reply = exchange(ch, req, id);
                if (reply == null) {
                    ownerSilent = true;
                    continue; // no answer: retry the same id
                }
                final long now = System.nanoTime();
                answers++;
                final long mark = phaseAt;
                if (mark != phase) {
                    // Reset on this thread, the only writer of the figures: a reset from the marking thread could
                    // race with an answer being counted.
                    phase = mark;
                    firstAnswerAfterPhase = 0;
                    longestGapAfterPhase = 0;
                }
                final Histogram h = now > mark ? after : before;
                synchronized (h) {
                    h.recordValue((now - sent) / 1000);
                }
                if (now > mark && firstAnswerAfterPhase == 0) {
                    firstAnswerAfterPhase = now;
                }
                if (now > mark) {
                    longestGapAfterPhase = Math.max(longestGapAfterPhase, now - Math.max(lastAnswerAt, mark));
                }
                lastAnswerAt = now;
                if (violations.size() > 0) {
                    return;
                }
                if (reply.value() != id) {
                    violations.add("client " + key + ": request " + id + " answered " + reply.value() + " after the client had seen "
                            + lastValue + (reply.value() <= lastValue ? ": the counter went BACKWARDS" : ""));
                    return;
                }
                lastValue = reply.value();
                id++;
            }
        } catch (IOException e) {
            violations.add("client " + key + ": " + e.getMessage());
        }
    }

    private KvProtocol.Reply exchange(final DatagramChannel ch, final ByteBuffer req, final long id) throws IOException {
        for (final InetSocketAddress server : servers) {
            req.rewind();
            ch.send(req, server);
        }
        final byte[] in = new byte[64];
        final long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                final DatagramPacket p = new DatagramPacket(in, in.length);
                ch.socket().receive(p);
                if (p.getLength() < KvProtocol.SIZE) {
                    continue;
                }
                final KvProtocol.Reply r = KvProtocol.Reply.read(ByteBuffer.wrap(in, 0, p.getLength()));
                if (r.key() != key) {
                    continue;
                }
                final InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
                if (!from.equals(owner) && owner != null && ((retired.contains(from) && !ownerSilent) || r.requestId() < id)) {
                    if (lateDuplicatesTolerated && retired.contains(from) && r.requestId() < id
                            && r.value() == r.requestId()) {
                        lateDuplicates++; // only this thread writes it
                        continue;
                    }
                    violations.add("client " + key + ": " + from + " answered request " + r.requestId() + " while "
                            + owner + " serves the VM: TWO HOSTS answer for it");
                    return r;
                }
                if (r.requestId() == id && r.status() == KvProtocol.OK) {
                    if (owner != null && !from.equals(owner)) {
                        retired.add(owner);
                        retired.remove(from);
                        hostSwitches++;
                    }
                    owner = from;
                    ownerSilent = false;
                    return r;
                }
            } catch (SocketTimeoutException e) {
                return null;
            } catch (PortUnreachableException e) {
                pause(); // nobody serves the port (takeover in progress)
                return null;
            }
        }
        return null;
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void stopAndJoin() {
        stop = true;
        try {
            join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the counter back (GET): it must hold at least every value this client saw. */
    public void finalCheck() throws IOException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.socket().setSoTimeout(TIMEOUT_MS);
            final ByteBuffer req = ByteBuffer.allocate(KvProtocol.SIZE);
            for (int attempt = 0; attempt < 30; attempt++) {
                KvProtocol.request(req, KvProtocol.GET, key, 0, 0);
                final KvProtocol.Reply r = exchange(ch, req, 0);
                if (r != null) {
                    if (r.value() < lastValue) {
                        violations.add("client " + key + ": counter reads " + r.value() + " < " + lastValue + " the client saw");
                    }
                    return;
                }
            }
            violations.add("client " + key + ": the service does not answer");
        }
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    public long answers() {
        return answers;
    }

    public long lastValue() {
        return lastValue;
    }

    /**
     * The longest time without an answer after {@link #markPhase} (from the mark, or from an answer, to the next
     * answer), in ms: the outage this client saw, also when answers in flight arrived just after the mark.
     */
    public long longestGapMillis() {
        return longestGapAfterPhase / 1_000_000;
    }

    /** Time from {@link #markPhase} to the first answer after it, in ms; -1 if none. */
    public long outageMillis() {
        final long first = firstAnswerAfterPhase;
        return first == 0 || phaseAt == Long.MAX_VALUE ? -1 : (first - phaseAt) / 1_000_000;
    }

    /** Copies this client's latencies (µs) into the given histograms (before / after the phase mark). */
    public void addLatencies(final Histogram beforePhase, final Histogram afterPhase) {
        synchronized (before) {
            beforePhase.add(before);
        }
        synchronized (after) {
            afterPhase.add(after);
        }
    }
}
