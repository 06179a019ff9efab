package dev.hac.host;

import dev.hac.nic.NicConfig;
import dev.hac.nic.NicEngine;
import dev.hac.nic.OverflowPolicy;
import dev.hac.nic.RecordingSink;
import dev.hac.nic.SchedulerPolicy;
import dev.hac.vocabulary.Action;
import dev.hac.vocabulary.Argument;
import dev.hac.vocabulary.Constant;
import dev.hac.wire.Message;
import dev.hac.wire.MessageDecoder;
import dev.hac.wire.MessageEncoder;
import dev.hac.wire.SessionKeys;
import dev.hac.wire.MessageRejected;
import dev.hac.wire.SharedKey;
import dev.hac.wire.VmDescriptor;
import dev.hac.wire.WireFormat;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lockstep driver: the real primary host (VMs, HAC utility, NIC engine), the
 * real checkpoint messages (encoded and decoded with the real codec) and the real
 * secondary ({@link Standby}), advanced one abstract action of docs/DESIGN.md §2 /
 * docs/MODEL.md per {@link #apply} call, deterministically, and observed through the 13
 * abstract variables. Conformance wraps this as its {@code SystemUnderTest}.
 *
 * <p>{@link #apply} returns false, changing nothing abstract, when the action is
 * not enabled in the current state; unknown actions or missing arguments throw
 * {@link IllegalArgumentException}.
 */
public final class Lockstep {

    /** The model's constants. {@code policy} is "strict" or "bypass", {@code overflow} "backpressure", "drop" or "early". */
    public record Config(List<String> ckptVms, List<String> plainVms, int cap, String policy, int k, String overflow) {
        public Config {
            ckptVms = List.copyOf(ckptVms);
            plainVms = List.copyOf(plainVms);
            final Set<String> all = new HashSet<>(ckptVms);
            for (final String p : plainVms) {
                if (!all.add(p)) {
                    throw new IllegalArgumentException("VM '" + p + "' is both checkpointing and plain");
                }
            }
            if (cap < 1) {
                throw new IllegalArgumentException("Cap must be >= 1, got " + cap);
            }
            if (!Constant.POLICIES.contains(policy)) {
                throw new IllegalArgumentException("Policy must be \"strict\" or \"bypass\", got \"" + policy + "\"");
            }
            if (policy.equals(Constant.BYPASS) && k < 1) {
                throw new IllegalArgumentException("bypass needs K >= 1, got " + k);
            }
            overflowPolicy(overflow);
        }

        static OverflowPolicy overflowPolicy(final String overflow) {
            switch (overflow) {
                case Constant.BACKPRESSURE:
                    return OverflowPolicy.BACKPRESSURE;
                case Constant.DROP:
                    return OverflowPolicy.DROP;
                case Constant.EARLY:
                    return OverflowPolicy.EARLY_CHECKPOINT;
                default:
                    throw new IllegalArgumentException("Overflow must be \"backpressure\", \"drop\" or \"early\", got \"" + overflow + "\"");
            }
        }
    }

    private static final int PAGES = 4;
    /** Ring large enough that the model's bounded runs never see RING_FULL (the model's queues are unbounded). */
    private static final int RING = 1024;

    private final Config config;
    private final List<String> vmIds = new ArrayList<>();
    private final RecordingSink wire = new RecordingSink();
    private final NicConfig nicConfig;
    private final BufferLimits limits;
    private final HacUtility primary;
    private final Standby standby;
    private final Map<String, Message.Checkpoint> inTransfer = new LinkedHashMap<>();
    private final MessageEncoder toSecondary;
    private final MessageDecoder atSecondary;
    private final ByteBuffer request = ByteBuffer.allocate(KvProtocol.SIZE);
    private HacUtility failedOver;
    private boolean primaryUp = true;
    private boolean secondaryUp = true;

    public Lockstep(final Config config) {
        this.config = config;
        final List<VmDescriptor> descriptors = new ArrayList<>();
        final List<Vm> vms = new ArrayList<>();
        int n = 0;
        for (final String id : config.ckptVms()) {
            descriptors.add(new VmDescriptor(id, 0x02_00_00_00_00_01L + n++, true, PAGES, KvService.NAME, 0));
        }
        for (final String id : config.plainVms()) {
            descriptors.add(new VmDescriptor(id, 0x02_00_00_00_00_01L + n++, false, PAGES, BulkSender.NAME, 9));
        }
        for (final VmDescriptor d : descriptors) {
            vmIds.add(d.id());
            vms.add(Vm.boot(d));
        }
        final SchedulerPolicy policy = config.policy().equals(Constant.STRICT) ? SchedulerPolicy.STRICT
                : SchedulerPolicy.boundedBypass(config.k());
        this.nicConfig = new NicConfig(Math.max(1, descriptors.size()), RING, 1 << 18, 1500, policy, true);
        this.limits = new BufferLimits(config.cap(), (long) config.cap() * 1518, Config.overflowPolicy(config.overflow()));
        this.primary = new HacUtility(new NicEngine(nicConfig, wire), vms, limits);
        this.standby = new Standby(descriptors);
        final SharedKey key = new SharedKey(new byte[SharedKey.MIN_BYTES]);
        this.toSecondary = new MessageEncoder(key);
        this.atSecondary = new MessageDecoder(key, WireFormat.DEFAULT_MAX_LENGTH);
        // As a live link after its handshake: checkpoints travel under the session's AES-GCM key.
        final SessionKeys session = key.sessionKeys(new byte[WireFormat.NONCE], new byte[WireFormat.NONCE]);
        toSecondary.startSession(session, Message.Role.PRIMARY);
        atSecondary.startSession(session, Message.Role.PRIMARY);
    }

    public Config config() {
        return config;
    }

    /**
     * Performs one abstract action of {@link Action}, named as in the spec, with the arguments of
     * its {@link dev.hac.vocabulary.Argument}.
     *
     * @return true when performed, false when the action is not enabled (nothing changed)
     */
    public boolean apply(final String name, final Map<String, Object> args) {
        final Action action = Action.named(name);
        if (action == null) {
            throw new IllegalArgumentException("unknown action '" + name + "' (one of " + Action.NAMES + ")");
        }
        return switch (action) {
            case VM_EMIT -> vmEmit(vm(args));
            case HAC_START_CHECKPOINT -> startCheckpoint(ckptVm(args));
            case SECONDARY_APPLY -> secondaryApply(ckptVm(args));
            case PRIMARY_RECEIVE_ACK -> receiveAck(ckptVm(args));
            case HAC_ABORT_CHECKPOINT -> abort(ckptVm(args));
            case NIC_TRANSMIT -> transmit();
            case PRIMARY_CRASH -> primaryCrash();
            case SECONDARY_TAKEOVER -> takeover();
            case SECONDARY_CRASH -> secondaryCrash();
            case PRIMARY_DETECT_SECONDARY_LOSS -> detectSecondaryLoss(order(args));
        };
    }

    private boolean vmEmit(final String v) {
        final boolean ckpt = config.ckptVms().contains(v);
        final HacUtility host;
        if (ckpt) {
            if (mode() == Mode.FAILEDOVER ? !secondaryUp : !primaryUp) {
                return false;
            }
            host = mode() == Mode.FAILEDOVER ? failedOver : primary;
        } else {
            if (!primaryUp || mode() == Mode.FAILEDOVER) {
                return false;
            }
            host = primary;
        }
        final Vm vm = host.vm(v);
        final Vm.Port port = host.port(v);
        final Vm.Step step;
        if (vm.stalled()) {
            step = vm.flush(port);
        } else if (ckpt) {
            // A client's INCR on key 1: the kv guest answers with one frame.
            KvProtocol.request(request, KvProtocol.INCR, 1, vm.vmSeq() + 1, 0);
            step = vm.deliver(request, Vm.LOOPBACK, 9, port);
        } else {
            step = vm.step(port);
        }
        if (step == Vm.Step.REFUSED || step == Vm.Step.IDLE) {
            throw new IllegalStateException("VM " + v + ": the NIC refused a well-formed frame or the guest was idle: " + step);
        }
        return step != Vm.Step.STALLED;
    }

    private boolean startCheckpoint(final String v) {
        if (!primaryUp || mode() != Mode.PROTECTED || !primary.canStartCheckpoint(v)) {
            return false;
        }
        inTransfer.put(v, primary.startCheckpoint(v));
        return true;
    }

    private boolean secondaryApply(final String v) {
        final HacUtility.InFlight f = primary.inflight(v);
        if (!secondaryUp || f.equals(HacUtility.InFlight.NONE) || standby.replica(v).appliedEpoch() >= f.epoch()) {
            return false;
        }
        final Message.Checkpoint c = inTransfer.get(v);
        try {
            final Message received = atSecondary.decode(toSecondary.encode(c));
            final long epoch = standby.apply((Message.Checkpoint) received);
            // The ack travels back on the same kind of channel; the model lets it arrive at once.
            if (!primary.ackReceived(v, epoch)) {
                throw new IllegalStateException("VM " + v + ": ack of epoch " + epoch + " not taken, in flight " + f);
            }
        } catch (MessageRejected | CheckpointRefused e) {
            throw new IllegalStateException("VM " + v + ": the secondary refused an intact checkpoint: " + e.getMessage(), e);
        }
        return true;
    }

    private boolean receiveAck(final String v) {
        if (!primaryUp || mode() != Mode.PROTECTED || primary.acked(v) == 0) {
            return false;
        }
        primary.releaseAcked(v);
        inTransfer.remove(v);
        return true;
    }

    private boolean abort(final String v) {
        if (!primaryUp || mode() != Mode.PROTECTED || primary.inflight(v).equals(HacUtility.InFlight.NONE)) {
            return false;
        }
        primary.abort(v);
        inTransfer.remove(v);
        return true;
    }

    private boolean transmit() {
        final HacUtility host = activeHost();
        if (host == null || host.engine().queuedFrames() == 0) {
            return false;
        }
        return host.engine().transmit(1) == 1;
    }

    private boolean primaryCrash() {
        if (!primaryUp || !secondaryUp || mode() != Mode.PROTECTED) {
            return false;
        }
        primaryUp = false;
        primary.crash();
        inTransfer.clear();
        return true;
    }

    private boolean takeover() {
        if (primaryUp || !secondaryUp || mode() != Mode.PROTECTED) {
            return false;
        }
        failedOver = standby.takeover(Standby.failoverEngine(nicConfig, wire), limits).utility();
        return true;
    }

    private boolean secondaryCrash() {
        if (!secondaryUp || !primaryUp || mode() != Mode.PROTECTED) {
            return false;
        }
        secondaryUp = false;
        return true;
    }

    private boolean detectSecondaryLoss(final List<String> order) {
        if (!primaryUp || secondaryUp || mode() != Mode.PROTECTED) {
            return false;
        }
        if (!new HashSet<>(order).equals(new HashSet<>(config.ckptVms())) || order.size() != config.ckptVms().size()) {
            throw new IllegalArgumentException("order " + order + " must list every checkpointing VM " + config.ckptVms() + " once");
        }
        primary.secondaryLost(order);
        inTransfer.clear();
        return true;
    }

    /**
     * The pair's mode, as the HAC utility in charge holds it: the restored one after a takeover
     * (failed over), else the primary's (protected until it loses the secondary). Which hosts are
     * up is the driver's, as it is the driver that crashes them.
     */
    private Mode mode() {
        return failedOver != null ? failedOver.mode() : primary.mode();
    }

    /** The host whose NIC sends: the primary until a takeover, then the secondary; null when that host is down. */
    private HacUtility activeHost() {
        if (mode() == Mode.FAILEDOVER) {
            return secondaryUp ? failedOver : null;
        }
        return primaryUp ? primary : null;
    }

    /** The 13 abstract variables, as plain values: records are maps with the model's field names. */
    public Map<String, Object> observe() {
        final HacUtility queues = mode() == Mode.FAILEDOVER ? failedOver : primary;
        final Map<String, Integer> vfOf = new LinkedHashMap<>();
        config.ckptVms().forEach(v -> vfOf.put(v, primary.vf(v)));
        final AbstractState.Source source = AbstractState.source(primary,
                v -> (config.ckptVms().contains(v) && mode() == Mode.FAILEDOVER ? failedOver : primary).vm(v).vmSeq(),
                v -> new long[] {standby.replica(v).appliedEpoch(), standby.replica(v).appliedSeq()});
        return AbstractState.of(primaryUp, secondaryUp, mode(), vmIds, config.ckptVms(), source, queues.engine(), vfOf,
                vmIds::get, wire.wire());
    }

    private String vm(final Map<String, Object> args) {
        final Object v = args.get(Argument.ANY_VM.argName());
        if (!(v instanceof String) || !vmIds.contains(v)) {
            throw new IllegalArgumentException("argument v must name a VM of " + vmIds + ", got " + v);
        }
        return (String) v;
    }

    private String ckptVm(final Map<String, Object> args) {
        final String v = vm(args);
        if (!config.ckptVms().contains(v)) {
            throw new IllegalArgumentException("argument v must name a checkpointing VM of " + config.ckptVms() + ", got " + v);
        }
        return v;
    }

    private static List<String> order(final Map<String, Object> args) {
        final Object o = args.get(Argument.ORDER.argName());
        if (!(o instanceof List<?> list) || !list.stream().allMatch(x -> x instanceof String)) {
            throw new IllegalArgumentException("argument order must be a list of VM ids, got " + o);
        }
        final List<String> out = new ArrayList<>();
        list.forEach(x -> out.add((String) x));
        return out;
    }
}
