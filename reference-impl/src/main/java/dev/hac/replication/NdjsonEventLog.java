package dev.hac.replication;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hac.host.AbstractState;
import dev.hac.host.EventSink;
import dev.hac.host.HacUtility;
import dev.hac.host.Mode;
import dev.hac.host.Vm;
import dev.hac.nic.QueuedFrame;
import dev.hac.nic.SchedulerPolicy;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live primary's event log for trace validation: one JSON object per line,
 * one line per abstract action, written after the action took effect:
 *
 * <pre>{"params":{"CkptVMs":["c1"],"PlainVMs":["b1"],"Cap":2048,"Policy":"strict","K":1,"Overflow":"early"}}
 * {"step":n,"action":"VmEmit","args":{"v":"c1"},"state":{...the 13 variables...}}</pre>
 *
 * The first line holds the model's constants as this primary runs them, so a validator needs
 * nothing but the file: {@code Cap} is the frame limit per checkpointing VM (the byte limit has
 * no counterpart in the spec), {@code Policy}/{@code K} the scheduler, {@code Overflow} the policy
 * when full ({@code K} is 1, and unused, under strict priority).
 *
 * {@code step} counts from 1; {@code args} are those of docs/DESIGN.md §2 ({@code v},
 * or {@code order} for PrimaryDetectSecondaryLoss; {@code {}} otherwise); {@code state}
 * has the shape of {@link AbstractState}. The primary logs what it knows: an
 * acknowledgement it receives is logged as {@code SecondaryApply} (the secondary
 * applied before it acknowledged, and nothing the primary did in between depends
 * on it) immediately followed by {@code PrimaryReceiveAck}. A checkpoint applied
 * after the primary aborted it is not logged (its ack is stale). The log ends
 * where the primary ends; a takeover is not in it.
 *
 * <p>Each line serialises the whole state, including the growing {@code wire}: it
 * is meant for runs of seconds, not for production. A primary killed while writing
 * may leave an incomplete last line (no newline): readers should drop it.
 */
public final class NdjsonEventLog implements EventSink, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedWriter out;
    private final HacUtility utility;
    private final List<String> vms = new ArrayList<>();
    private final Map<String, Integer> vfOf = new LinkedHashMap<>();
    private final List<QueuedFrame> wire = new ArrayList<>();
    private PrimaryReplicator replicator;
    private long step;

    public NdjsonEventLog(final Path file, final HacUtility utility, final LiveOptions options) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        this.utility = utility;
        for (final Vm vm : utility.vms()) {
            vms.add(vm.id());
            vfOf.put(vm.id(), utility.vf(vm.id()));
        }
        writeLine(Map.of("params", params(options)));
    }

    private Map<String, Object> params(final LiveOptions options) {
        final List<String> ckpt = utility.checkpointingVms();
        final boolean bypass = options.policy().kind() == SchedulerPolicy.Kind.BOUNDED_BYPASS;
        final Map<String, Object> p = new LinkedHashMap<>();
        p.put("CkptVMs", ckpt);
        p.put("PlainVMs", vms.stream().filter(v -> !ckpt.contains(v)).toList());
        p.put("Cap", options.limits().maxFrames());
        p.put("Policy", bypass ? "bypass" : "strict");
        p.put("K", bypass ? options.policy().k() : 1);
        p.put("Overflow", switch (options.limits().overflow()) {
            case BACKPRESSURE -> "backpressure";
            case DROP -> "drop";
            case EARLY_CHECKPOINT -> "early";
        });
        return p;
    }

    /** The transmitter reports every frame on the wire here. */
    public void wire(final int vf, final long seq) {
        wire.add(new QueuedFrame(vf, seq));
    }

    void attach(final PrimaryReplicator r) {
        this.replicator = r;
    }

    @Override
    public void action(final String name, final Map<String, Object> args) {
        final Mode mode = replicator == null ? Mode.PROTECTED : replicator.mode();
        final AbstractState.Source source = AbstractState.source(utility, v -> utility.vm(v).vmSeq(),
                v -> replicator == null ? new long[2] : replicator.committed(v));
        final Map<String, Object> state = AbstractState.of(true, mode == Mode.PROTECTED, mode, vms,
                utility.checkpointingVms(), source, utility.engine(), vfOf, vms::get, wire);
        final Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", ++step);
        line.put("action", name);
        line.put("args", args);
        line.put("state", state);
        writeLine(line);
    }

    private void writeLine(final Map<String, Object> line) {
        try {
            out.write(JSON.writeValueAsString(line) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("event log: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Pushes written lines to the file (the primary may be killed at any moment). */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
