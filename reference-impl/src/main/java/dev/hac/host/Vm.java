package dev.hac.host;

import dev.hac.nic.SubmitStatus;
import dev.hac.wire.UdpFrame;
import dev.hac.wire.VmDescriptor;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A virtual machine: its memory, its guest workload, its VF identity (MAC,
 * checkpointing or not) and a vCPU that runs only while the VM is not paused.
 *
 * <p>The guest's output goes through a TX slot in its own memory: the guest
 * writes a frame there, the VF takes it (or refuses it: the VM stalls with the
 * frame still in the slot and retries later). So a checkpoint taken while the VM
 * stalls carries the unsent frame, and {@code vmSeq} (in memory too) counts only
 * frames the VF consumed: it always equals the VF's sequence number.
 */
public final class Vm {
    /** Where the VM's frames go: its VF on the NIC engine. Returns a {@link SubmitStatus} code. */
    @FunctionalInterface
    public interface Port {
        int submit(byte[] frame, int offset, int length);
    }

    /** What one step of the vCPU achieved. */
    public enum Step {
        /** A frame went to the VF (buffered or queued). */
        SENT,
        /** The VF dropped the frame under the DROP policy; the sequence number is consumed. */
        DROPPED,
        /** The VF refused the frame (buffer or ring full): it stays in the TX slot, the VM waits. */
        STALLED,
        /** The VF refused the frame as malformed (counted by the NIC): it is discarded, no sequence number consumed. */
        REFUSED,
        /** The guest produced no output. */
        IDLE
    }

    /** 127.0.0.1 in network order. */
    public static final int LOOPBACK = 0x7F000001;

    private final VmDescriptor descriptor;
    private final GuestMemory memory;
    private final GuestWorkload workload;
    private final ReentrantLock cpu = new ReentrantLock();
    private final byte[] frame = new byte[VmLayout.TX_CAPACITY];
    private final ByteBuffer reply = ByteBuffer.allocate(VmLayout.TX_CAPACITY - UdpFrame.PAYLOAD_AT);
    private int lastStatus;

    public Vm(final VmDescriptor descriptor, final GuestWorkload workload, final GuestMemory memory) {
        if (memory.pages() != descriptor.memoryPages()) {
            throw new IllegalArgumentException("VM " + descriptor.id() + ": memory has " + memory.pages() + " pages, descriptor says "
                    + descriptor.memoryPages());
        }
        this.descriptor = descriptor;
        this.memory = memory;
        this.workload = workload;
    }

    /** A fresh VM of this descriptor with its workload booted; every page dirty so the first checkpoint ships it all. */
    public static Vm boot(final VmDescriptor descriptor) {
        final GuestMemory memory = new GuestMemory(descriptor.memoryPages());
        final GuestWorkload workload = GuestWorkload.named(descriptor.workload(), descriptor.memoryPages());
        workload.boot(memory);
        memory.markAllDirty();
        return new Vm(descriptor, workload, memory);
    }

    /** A VM resumed on memory restored from a replica's last applied checkpoint (takeover). */
    public static Vm resume(final VmDescriptor d, final GuestMemory memory) {
        return new Vm(d, GuestWorkload.named(d.workload(), d.memoryPages()), memory);
    }

    public VmDescriptor descriptor() {
        return descriptor;
    }

    public String id() {
        return descriptor.id();
    }

    /** Only for the paused VM's checkpointer and for tests. */
    public GuestMemory memory() {
        return memory;
    }

    /** Stops the vCPU (waits for the step in progress). The caller must {@link #resume} from the same thread. */
    public void pause() {
        cpu.lock();
    }

    public void resume() {
        cpu.unlock();
    }

    /** Frames this VM has emitted (consumed by its VF): the abstract {@code vmSeq[v]}. */
    public long vmSeq() {
        cpu.lock();
        try {
            return memory.getLong(VmLayout.VM_SEQ);
        } finally {
            cpu.unlock();
        }
    }

    public boolean stalled() {
        cpu.lock();
        try {
            return memory.getLong(VmLayout.TX_LENGTH) != 0;
        } finally {
            cpu.unlock();
        }
    }

    /** The VF status of the last submit attempt (for counters and messages). */
    public int lastStatus() {
        return lastStatus;
    }

    /**
     * Delivers a request datagram from {@code srcIp:srcPort}: first retries a stalled frame
     * (a VM that cannot send does not take new input: the request is dropped, as a full
     * guest RX queue would), then runs the guest and sends its reply.
     */
    public Step deliver(final ByteBuffer request, final int srcIp, final int srcPort, final Port port) {
        cpu.lock();
        try {
            final Step pending = flushLocked(port);
            if (pending == Step.STALLED) {
                return pending;
            }
            final int n = workload.run(memory, request, reply);
            if (n < 0) {
                return Step.IDLE;
            }
            stage(srcIp, srcPort, n);
            return flushLocked(port);
        } finally {
            cpu.unlock();
        }
    }

    /** Runs a self-driven guest (bulk sender) once, sending to the descriptor's UDP port on loopback. */
    public Step step(final Port port) {
        return deliver(null, LOOPBACK, descriptor.udpPort(), port);
    }

    /** Retries a frame left in the TX slot by a refused submit. */
    public Step flush(final Port port) {
        cpu.lock();
        try {
            return flushLocked(port);
        } finally {
            cpu.unlock();
        }
    }

    private void stage(final int dstIp, final int dstPort, final int payloadLength) {
        final int length = UdpFrame.write(frame, descriptor.mac(), LOOPBACK, descriptor.udpPort(), dstIp, dstPort,
                reply.array(), 0, payloadLength);
        memory.write(VmLayout.TX_FRAME, frame, 0, length);
        memory.putLong(VmLayout.TX_LENGTH, length);
    }

    private Step flushLocked(final Port port) {
        final int length = (int) memory.getLong(VmLayout.TX_LENGTH);
        if (length == 0) {
            return Step.IDLE;
        }
        memory.read(VmLayout.TX_FRAME, frame, 0, length);
        final int status = port.submit(frame, 0, length);
        lastStatus = status;
        if (status == SubmitStatus.BACKPRESSURE || status == SubmitStatus.RING_FULL) {
            return Step.STALLED;
        }
        if (!SubmitStatus.consumedSequence(status)) {
            memory.putLong(VmLayout.TX_LENGTH, 0);
            return Step.REFUSED;
        }
        memory.putLong(VmLayout.TX_LENGTH, 0);
        memory.putLong(VmLayout.VM_SEQ, memory.getLong(VmLayout.VM_SEQ) + 1);
        return status == SubmitStatus.DROPPED ? Step.DROPPED : Step.SENT;
    }
}
