package dev.hac.host;

import dev.hac.vocabulary.Action;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The live host's one thread for the data path: it owns the NIC engine, the HAC
 * utility and every VM's vCPU (the engine is single-threaded by design). Each
 * turn it delivers the datagrams that arrived on the VMs' service ports, runs the
 * self-driven guests, retries stalled frames, lets the NIC transmit, and hands
 * the turn to the {@link Agent} (the primary's replication: checkpoints, acks,
 * failure handling). Other threads talk to it only through the agent's queues
 * and {@link #wakeup}.
 */
public final class HostLoop implements Runnable {

    /** Work the loop runs on its own thread once per turn, e.g. the checkpoint scheduler. */
    public interface Agent {
        void tick(long nowNanos);
    }

    private static final int TRANSMIT_BATCH = 256;

    private final HacUtility utility;
    private final Selector selector;
    private final List<Vm> selfDriven = new ArrayList<>();
    private final int selfDrivenFramesPerSecond;
    private volatile Agent agent;
    private final EventSink events;
    private volatile boolean running = true;
    private final ByteBuffer rx = ByteBuffer.allocate(2048);
    private final long startNanos = System.nanoTime();
    private long selfDrivenSteps;
    private volatile long requests;
    private volatile long stalls;
    private volatile long turns;

    /**
     * @param services                the bound service socket of each VM that answers requests, by VM id
     * @param selfDrivenFramesPerSecond frames per second each bulk-sender VM emits (0: they stay idle)
     */
    public HostLoop(final HacUtility utility, final Map<String, DatagramChannel> services,
                    final int selfDrivenFramesPerSecond, final EventSink events) throws IOException {
        this.utility = utility;
        this.events = events;
        this.selector = Selector.open();
        this.selfDrivenFramesPerSecond = selfDrivenFramesPerSecond;
        for (final Vm vm : utility.vms()) {
            final DatagramChannel ch = services.get(vm.id());
            if (ch != null) {
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, vm);
            } else if (vm.descriptor().workload().equals(BulkSender.NAME)) {
                selfDriven.add(vm);
            }
        }
    }

    public HacUtility utility() {
        return utility;
    }

    public void setAgent(final Agent a) {
        this.agent = a;
    }

    /** Makes the loop take a turn now (new acks queued). */
    public void wakeup() {
        selector.wakeup();
    }

    public void stop() {
        running = false;
        selector.wakeup();
    }

    public long requests() {
        return requests;
    }

    public long stalls() {
        return stalls;
    }

    public long turns() {
        return turns;
    }

    @Override
    public void run() {
        try {
            while (running) {
                turn();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            try {
                selector.close();
            } catch (IOException ignored) {
                // shutting down
            }
        }
    }

    /** One turn of the data path. */
    void turn() throws IOException {
        final long owed = selfDriven.isEmpty() ? 0
                : Math.min(TRANSMIT_BATCH, (System.nanoTime() - startNanos) / 1000 * selfDrivenFramesPerSecond / 1_000_000 - selfDrivenSteps);
        if (owed > 0 || utility.engine().sendableFrames() > 0) {
            selector.selectNow();
        } else {
            selector.select(1);
        }
        for (final SelectionKey key : selector.selectedKeys()) {
            receiveAll((DatagramChannel) key.channel(), (Vm) key.attachment());
        }
        selector.selectedKeys().clear();
        selfDrivenSteps += Math.max(0, owed);
        for (final Vm vm : selfDriven) {
            for (long i = 0; i < owed; i++) {
                if (!emitted(vm, vm.step(utility.port(vm.id())))) {
                    break;
                }
            }
        }
        for (final Vm vm : utility.vms()) {
            if (vm.stalled()) {
                emitted(vm, vm.flush(utility.port(vm.id())));
            }
        }
        if (events == EventSink.NONE) {
            utility.engine().transmit(TRANSMIT_BATCH);
        } else {
            // One frame at a time so each NicTransmit is logged with the state after it.
            for (int i = 0; i < TRANSMIT_BATCH && utility.engine().transmit(1) == 1; i++) {
                events.action(Action.NIC_TRANSMIT, Action.NIC_TRANSMIT.args());
            }
        }
        final Agent a = agent;
        if (a != null) {
            a.tick(System.nanoTime());
        }
        turns++;
    }

    private void receiveAll(final DatagramChannel ch, final Vm vm) throws IOException {
        while (true) {
            rx.clear();
            final InetSocketAddress from = (InetSocketAddress) ch.receive(rx);
            if (from == null) {
                return;
            }
            rx.flip();
            requests++;
            final byte[] ip = from.getAddress().getAddress();
            if (ip.length != 4) {
                continue; // IPv4 only, like the frames
            }
            final int srcIp = (ip[0] & 0xFF) << 24 | (ip[1] & 0xFF) << 16 | (ip[2] & 0xFF) << 8 | (ip[3] & 0xFF);
            emitted(vm, vm.deliver(rx, srcIp, from.getPort(), utility.port(vm.id())));
        }
    }

    /** Counts and logs one vCPU step; false when the VM stalled. */
    private boolean emitted(final Vm vm, final Vm.Step step) {
        if (step == Vm.Step.SENT || step == Vm.Step.DROPPED) {
            events.action(Action.VM_EMIT, Action.VM_EMIT.args(vm.id()));
            return true;
        }
        if (step == Vm.Step.STALLED) {
            stalls++;
            return false;
        }
        return true;
    }
}
