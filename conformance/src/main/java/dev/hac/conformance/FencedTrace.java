package dev.hac.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hac.vocabulary.Action;
import dev.hac.vocabulary.BadLogException;
import dev.hac.vocabulary.EventLogSchema;
import dev.hac.vocabulary.FencingEvent;
import dev.hac.vocabulary.ItfValues;
import dev.hac.vocabulary.Variable;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The event logs of a fenced pair as one trace of {@code spec/tla/Fencing.tla} ({@code TraceFencing.tla}): every
 * line of every log becomes a step of Fencing through its dispatch {@code Step(s)}, with the acting host, or a check
 * of the state (no step), or is left out (an ordinary VM's frames: Fencing has only checkpointing VMs).
 * <p>
 * Logs are grouped by the host their header names ({@link EventLogSchema#WRITER}); one host's logs are its
 * incarnations, in the order given. The two hosts' logs share no clock, so they are not merged into one sequence:
 * each line carries how many lines of the peer's log must come before it ({@link Line#after}), from what the
 * messages order (an apply after the start of its checkpoint, the acknowledgement after the apply, a lost claim
 * after the claim that won the generation it read), and TLC tries every interleaving that respects that.
 * <p>
 * What each logged line is in Fencing (h the log's host, p its peer):
 * <ul>
 *   <li>{@code VmEmit(v)}, {@code HacStartCheckpoint(v)}, {@code PrimaryReceiveAck(v)}, {@code HacAbortCheckpoint(v)}:
 *       the same action of h; {@code NicTransmit}: h's NIC takes the frame past the lease check (unlogged) and sends
 *       it, the frame read off the logged wire; an ordinary VM's emit and frames are left out.</li>
 *   <li>{@code SecondaryApply(v)} in a primary's log (its acknowledgement arrived): p's apply when p's log is absent,
 *       else a check ordered after p's own line.</li>
 *   <li>{@code PrimaryDetectSecondaryLoss(o)}: {@code PrimaryGoUnprotected(h, o)} (it must follow a won claim).</li>
 *   <li>fencing lines: a won or lost claim is {@code PrimaryClaimWitness(h)} or {@code SecondaryClaimWitness(h)}; an
 *       unanswered or withdrawn claim, a lease expiry, a heal and the halt are checks; {@code SecondaryJoin} is the
 *       join of p, folding in the full copies that follow it (the spec seals every VM at the join);
 *       {@code PrimaryProtect} is h's.</li>
 * </ul>
 * Generations are shifted so that the first primary's starts at 1, as in the spec.
 *
 * @param hosts         the two host names, the first primary first
 * @param ckptVms       the checkpointing VMs
 * @param cap           frames one VM may have buffered
 * @param lines         each host's lines, in order ({@code <<>>} for a host without a log)
 * @param leftOut       lines left out (ordinary VMs)
 * @param droppedLines  incomplete last lines dropped, as file:line
 */
public record FencedTrace(List<String> hosts, List<String> ckptVms, int cap, Map<String, List<Line>> lines,
                          int leftOut, List<String> droppedLines) {

    /**
     * One line of the trace.
     *
     * @param source the file
     * @param lineNo its line number
     * @param logged what the line says, for messages ({@code PrimaryClaimWitness(won, 3)})
     * @param action the Fencing action (the logged one for a check)
     * @param args   the step record's arguments ({@code h}, {@code v}, {@code o}) as ITF
     * @param state  the variables of h to compare after the step, as ITF
     * @param check  no step: the state stays and must agree
     * @param after  lines of the peer's log that must be matched first
     */
    public record Line(String source, int lineNo, String logged, String action, ObjectNode args, ObjectNode state,
                       boolean check, int after) {
    }

    /** The name of the second host when only one host's logs are given. */
    public static final String PEER = "peer";
    /** The witness register's owner of a generation a join registered (must not be a host name). */
    public static final String NO_OWNER = "none";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The log header's spec, {@link EventLogSchema#SPEC_OUTPUT_COMMIT} when it names none. */
    public static String specOf(final Path file) throws IOException {
        final String first;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            first = in.readLine();
        } catch (final CharacterCodingException e) {
            return EventLogSchema.SPEC_OUTPUT_COMMIT; // the reader names the bad byte
        }
        try {
            final JsonNode header = first == null ? null : new ObjectMapper().readTree(first);
            final JsonNode spec = header == null ? null : header.path(EventLogSchema.WRITER).get(EventLogSchema.SPEC);
            return spec == null || !spec.isTextual() ? EventLogSchema.SPEC_OUTPUT_COMMIT : spec.textValue();
        } catch (final JsonProcessingException e) {
            return EventLogSchema.SPEC_OUTPUT_COMMIT; // the reader names the line
        }
    }

    /** Reads the logs; problems name the file, the line and the field. */
    public static FencedTrace read(final List<Path> files) throws IOException, BadLogException {
        final List<Incarnation> logs = new ArrayList<>();
        for (final Path f : files) {
            logs.add(Incarnation.of(EventLogSchema.read(f)));
        }
        final Incarnation first = logs.stream().filter(i -> i.primary).findFirst().orElseThrow(() ->
                new BadLogException(files.get(0).toString(), 1, EventLogSchema.WRITER, "no log of a primary: the "
                        + "first primary's log gives the start of the run (\"writer\": {\"role\": \"primary\"})"));
        final List<String> hosts = new ArrayList<>(List.of(first.host));
        for (final Incarnation i : logs) {
            if (!hosts.contains(i.host)) {
                hosts.add(i.host);
            }
            if (hosts.size() > 2) {
                throw new BadLogException(i.source, i.headerLine, EventLogSchema.WRITER + "." + EventLogSchema.HOST,
                        "a third host \"" + i.host + "\": a pair has two (" + hosts.subList(0, 2) + ")");
            }
            if (!i.ckptVms.equals(first.ckptVms) || i.cap != first.cap) {
                throw new BadLogException(i.source, i.headerLine, EventLogSchema.PARAMS, "CkptVMs " + i.ckptVms
                        + " and Cap " + i.cap + " differ from " + first.source + "'s " + first.ckptVms + " and " + first.cap);
            }
        }
        if (hosts.size() == 1) {
            hosts.add(PEER);
        }
        final long offset = first.startGen - 1;
        final Map<String, List<Built>> built = new LinkedHashMap<>();
        hosts.forEach(h -> built.put(h, new ArrayList<>()));
        final List<String> dropped = new ArrayList<>();
        int leftOut = 0;
        for (final Incarnation i : logs) {
            final String peer = hosts.get(0).equals(i.host) ? hosts.get(1) : hosts.get(0);
            final boolean peerLogged = logs.stream().anyMatch(o -> o.host.equals(peer));
            final Mapper m = new Mapper(i, peer, peerLogged, offset, first.ckptVms);
            built.get(i.host).addAll(m.map());
            leftOut += m.leftOut;
            if (i.log.droppedLine() > 0) {
                dropped.add(i.source + ":" + i.log.droppedLine());
            }
        }
        final Map<String, List<Line>> lines = new LinkedHashMap<>();
        for (final String h : hosts) {
            final String peer = hosts.get(0).equals(h) ? hosts.get(1) : hosts.get(0);
            lines.put(h, order(built.get(h), built.get(peer)));
        }
        return new FencedTrace(hosts, first.ckptVms, first.cap, lines, leftOut, dropped);
    }

    /** Every line, for messages: host and index (1-based) to the line. */
    public Line line(final String host, final int index) {
        return lines.get(host).get(index - 1);
    }

    /** Lines in the trace, all hosts. */
    public int size() {
        return lines.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Sets each line's {@code after}: the index of the first line of the peer's log that provides what it needs,
     * searching on from the line that met the previous need (causality is transitive: what came before an earlier
     * line of this log came before this one; a join's line seals every VM, so it meets the applies of them all). A need no line of the peer's log provides makes the line unmatchable when the peer's
     * log is given, and is void when it is not.
     */
    private static List<Line> order(final List<Built> own, final List<Built> peer) {
        final List<Line> out = new ArrayList<>();
        int after = 0;
        for (final Built b : own) {
            if (b.needs != null && !peer.isEmpty()) {
                int i = Math.max(0, after - 1); // the line that met the last need may meet this one too (a join)
                while (i < peer.size() && !peer.get(i).provides.contains(b.needs)) {
                    i++;
                }
                after = i < peer.size() ? i + 1 : peer.size() + 1;
            }
            out.add(new Line(b.source, b.lineNo, b.logged, b.action, b.args, b.state, b.check, after));
        }
        return out;
    }

    /** A line before the dependencies between the logs are known. */
    private record Built(String source, int lineNo, String logged, String action, ObjectNode args, ObjectNode state,
                         boolean check, Set<String> provides, String needs) {
    }

    /** One log: its header's writer and constants. */
    private record Incarnation(EventLogSchema.Log log, String source, int headerLine, String host, boolean primary,
                               long startGen, List<String> ckptVms, int cap) {
        static Incarnation of(final EventLogSchema.Log log) throws BadLogException {
            final EventLogSchema.Header h = log.header();
            if (h == null) {
                throw new BadLogException(log.source(), 1, EventLogSchema.PARAMS, "a fenced host's log starts with "
                        + "its header {\"params\": {...}, \"writer\": {...}}");
            }
            final ObjectNode w = h.writer();
            final String role = w.path(EventLogSchema.ROLE).asText(EventLogSchema.ROLE_PRIMARY);
            if (!role.equals(EventLogSchema.ROLE_PRIMARY) && !role.equals(EventLogSchema.ROLE_SECONDARY)) {
                throw new BadLogException(log.source(), h.lineNo(), EventLogSchema.WRITER + "." + EventLogSchema.ROLE,
                        "expected primary or secondary, found " + w.get(EventLogSchema.ROLE));
            }
            final String host = w.path(EventLogSchema.HOST).asText(role);
            if (host.equals(NO_OWNER) || host.equals(PEER) && role.equals(EventLogSchema.ROLE_PRIMARY)) {
                throw new BadLogException(log.source(), h.lineNo(), EventLogSchema.WRITER + "." + EventLogSchema.HOST,
                        "the host name \"" + host + "\" is reserved");
            }
            final JsonNode params = h.params().get(EventLogSchema.PARAMS);
            final List<String> ckpt = new ArrayList<>();
            final JsonNode c = params.path("CkptVMs");
            if (!c.isArray() || c.isEmpty()) {
                throw new BadLogException(log.source(), h.lineNo(), EventLogSchema.PARAMS + ".CkptVMs",
                        "expected the checkpointing VMs (a non-empty array of ids), found " + params.get("CkptVMs"));
            }
            c.forEach(v -> ckpt.add(v.asText()));
            final JsonNode cap = params.path("Cap");
            if (!cap.canConvertToInt() || cap.intValue() < 1) {
                throw new BadLogException(log.source(), h.lineNo(), EventLogSchema.PARAMS + ".Cap",
                        "expected a positive integer, found " + params.get("Cap"));
            }
            final JsonNode gen = w.get(EventLogSchema.GEN);
            if (gen != null && !gen.canConvertToLong()) {
                throw new BadLogException(log.source(), h.lineNo(), EventLogSchema.WRITER + "." + EventLogSchema.GEN,
                        "expected an integer, found " + gen);
            }
            return new Incarnation(log, log.source(), h.lineNo(), host, role.equals(EventLogSchema.ROLE_PRIMARY),
                    gen == null ? 1 : Math.max(1, gen.longValue()), List.copyOf(ckpt), cap.intValue());
        }
    }

    /** Maps one log's lines to Fencing, in order. */
    private static final class Mapper {
        private final Incarnation in;
        private final String host;
        private final String peer;
        private final boolean peerLogged;
        private final long offset;
        private final List<String> ckpt;
        private final List<Built> out = new ArrayList<>();
        private int leftOut;
        private int wireLength;
        /** The line of a join whose full copies are being folded in, and the VMs still to come. */
        private Built join;
        /** This host took over: from then on it is a primary, and the applies it logs are its joiners'. */
        private boolean tookOver;
        private final Set<String> fullCopiesToCome = new LinkedHashSet<>();

        Mapper(final Incarnation in, final String peer, final boolean peerLogged, final long offset,
               final List<String> ckpt) {
            this.in = in;
            this.host = in.host;
            this.peer = peer;
            this.peerLogged = peerLogged;
            this.offset = offset;
            this.ckpt = ckpt;
        }

        List<Built> map() throws BadLogException {
            final List<EventLogSchema.Step> steps = in.log.steps();
            final List<EventLogSchema.Fencing> fencing = in.log.fencing();
            int s = 0;
            int f = 0;
            while (s < steps.size() || f < fencing.size()) {
                if (f == fencing.size() || s < steps.size() && steps.get(s).step() < fencing.get(f).step()) {
                    step(steps.get(s++));
                } else {
                    fencing(fencing.get(f++));
                }
            }
            endJoin();
            return out;
        }

        private void step(final EventLogSchema.Step st) throws BadLogException {
            final ObjectNode state = st.state();
            final String v = st.args().path("v").asText(null);
            final ObjectNode own = project(st.lineNo(), state);
            final Action a = st.action();
            if (join != null && !(a == Action.HAC_START_CHECKPOINT && fullCopiesToCome.remove(v))) {
                endJoin();
            }
            switch (a) {
                case VM_EMIT -> {
                    if (ckpt.contains(v)) {
                        add(st.lineNo(), a.id(), a.id(), args(host, v), own, false, Set.of(), null);
                    } else {
                        leftOut++;
                    }
                }
                case HAC_START_CHECKPOINT -> {
                    final Set<String> seal = Set.of(seal(v, state));
                    if (join != null) {
                        final ObjectNode folded = withRole(own, "syncing");
                        folded.set("gen", join.state.get("gen"));
                        join = new Built(join.source, join.lineNo, join.logged, join.action, join.args, folded, false,
                                union(join.provides, seal), null);
                    } else {
                        add(st.lineNo(), a.id(), a.id(), args(host, v), own, false, seal, null);
                    }
                }
                case SECONDARY_APPLY -> {
                    final long e = state.path(Variable.COMMITTED.id()).path(v).path("epoch").asLong();
                    if (in.primary || tookOver) {
                        // The acknowledgement arrived: the peer applied. Its own line is the step when its log is given.
                        if (peerLogged) {
                            add(st.lineNo(), a.id(), a.id(), args(peer, v), JSON.objectNode(), true, Set.of(), apply(v, e));
                        } else {
                            add(st.lineNo(), a.id(), a.id(), args(peer, v), JSON.objectNode(), false, Set.of(), null);
                        }
                    } else {
                        final ObjectNode committed = JSON.objectNode();
                        committed.set(Variable.COMMITTED.id(), state.path(Variable.COMMITTED.id()));
                        add(st.lineNo(), a.id(), a.id(), args(host, v), committed, false, Set.of(apply(v, e)),
                                seal(v, e));
                    }
                }
                case PRIMARY_RECEIVE_ACK, HAC_ABORT_CHECKPOINT -> add(st.lineNo(), a.id(), a.id(), args(host, v), own,
                        false, Set.of(), null);
                case NIC_TRANSMIT -> {
                    final JsonNode wire = state.path(Variable.WIRE.id());
                    if (!wire.isArray() || wire.size() != wireLength + 1) {
                        throw new BadLogException(in.source, st.lineNo(), EventLogSchema.STATE + ".wire",
                                "NicTransmit puts one frame on the wire: expected " + (wireLength + 1)
                                        + " frames, found " + (wire.isArray() ? wire.size() : wire));
                    }
                    wireLength++;
                    final JsonNode frame = wire.get(wire.size() - 1);
                    if (ckpt.contains(frame.path("vm").asText())) {
                        own.set("frame", frame);
                        add(st.lineNo(), a.id(), a.id(), args(host, null), own, false, Set.of(), null);
                    } else {
                        leftOut++;
                    }
                }
                case PRIMARY_DETECT_SECONDARY_LOSS -> {
                    final ObjectNode args = args(host, null);
                    final ArrayNode order = args.putArray("o");
                    st.args().path("order").forEach(x -> {
                        if (ckpt.contains(x.asText())) {
                            order.add(x);
                        }
                    });
                    add(st.lineNo(), a.id(), "PrimaryGoUnprotected", args, own, false, Set.of(), null);
                }
                case SECONDARY_TAKEOVER -> {
                    tookOver = true;
                    final ObjectNode restored = project(st.lineNo(), state);
                    restored.set("role", roles("unprotected"));
                    add(st.lineNo(), a.id(), a.id(), args(host, null), restored, false, Set.of(), null);
                }
                default -> throw new BadLogException(in.source, st.lineNo(), EventLogSchema.ACTION, a.id()
                        + " is not logged by a fenced host (Fencing.tla has no such action)");
            }
        }

        private void fencing(final EventLogSchema.Fencing fl) throws BadLogException {
            endJoin();
            final ObjectNode own = project(fl.lineNo(), fl.state());
            final FencingEvent e = fl.event();
            final String logged = e.id() + fl.args();
            final long gen = fl.args().path("gen").asLong() - offset;
            switch (e) {
                case CLAIM, SECONDARY_CLAIM -> {
                    final String outcome = fl.args().path("outcome").asText();
                    final ObjectNode st = JSON.objectNode();
                    switch (outcome) {
                        case "won" -> {
                            st.put("gen", gen);
                            add(fl.lineNo(), logged, e.id(), args(host, null), st, false, Set.of(generation(gen)), null);
                        }
                        case "lost" -> {
                            st.set("role", roles("down"));
                            st.put("witnessGen", gen);
                            add(fl.lineNo(), logged, e.id(), args(host, null), st, false, Set.of(), generation(gen));
                        }
                        case "unreachable", "withdrawn" -> add(fl.lineNo(), logged, e.id(), args(host, null),
                                e == FencingEvent.CLAIM ? own : JSON.objectNode(), true, Set.of(), null);
                        default -> throw new BadLogException(in.source, fl.lineNo(), EventLogSchema.ARGS + ".outcome",
                                "expected won, lost, unreachable or withdrawn, found " + fl.args().get("outcome"));
                    }
                }
                case LEASE_EXPIRE, HEAL -> add(fl.lineNo(), logged, e.id(), JSON.objectNode(), own, true, Set.of(), null);
                case HALT -> {
                    final ObjectNode st = JSON.objectNode();
                    st.set("role", roles("down"));
                    add(fl.lineNo(), logged, e.id(), JSON.objectNode(), st, true, Set.of(), null);
                }
                case JOIN -> {
                    final ObjectNode st = withRole(own, "syncing");
                    st.put("gen", gen);
                    join = new Built(in.source, fl.lineNo(), logged, "SecondaryJoin", args(peer, null), st, false,
                            Set.of(generation(gen)), null);
                    fullCopiesToCome.addAll(ckpt);
                }
                case PROTECT -> {
                    final ObjectNode st = withRole(own, "primary");
                    st.put("gen", gen);
                    add(fl.lineNo(), logged, e.id(), args(host, null), st, false, Set.of(), null);
                }
            }
        }

        /**
         * Ends the folding of a join's full copies: the join line is the step, with the state after the last full
         * copy it folded in (or its own, when none followed: then the full copies that come later are steps of
         * their own, which the spec refuses to a syncing primary).
         */
        private void endJoin() {
            if (join != null) {
                out.add(join);
                join = null;
                fullCopiesToCome.clear();
            }
        }

        /** The log's variables as Fencing's, for this host: its checkpointing VMs, its NIC's queue, its role. */
        private ObjectNode project(final int lineNo, final ObjectNode state) throws BadLogException {
            final ObjectNode s = JSON.objectNode();
            final JsonNode mode = state.get(Variable.MODE.id());
            if (mode != null) {
                s.set("role", switch (mode.asText()) {
                    case "unprotected" -> roles("unprotected");
                    case "protected" -> roles("primary", "syncing");
                    default -> throw new BadLogException(in.source, lineNo, EventLogSchema.STATE + ".mode",
                            "a fenced host runs protected or unprotected, found " + mode);
                });
            }
            final JsonNode vmSeq = state.get(Variable.VM_SEQ.id());
            if (vmSeq != null) {
                final ObjectNode seq = s.putObject(Variable.VM_SEQ.id());
                ckpt.forEach(v -> seq.set(v, vmSeq.path(v)));
            }
            final JsonNode epoch = state.get(Variable.EPOCH.id());
            if (epoch != null) {
                final ObjectNode e = s.putObject(Variable.EPOCH.id());
                ckpt.forEach(v -> e.put(v, epoch.path(v).asLong()));
            }
            final JsonNode buf = state.get(Variable.BUF.id());
            if (buf != null) {
                final ObjectNode b = s.putObject(Variable.BUF.id());
                for (final String v : ckpt) {
                    final ArrayNode frames = b.putArray(v);
                    for (final JsonNode f : buf.path(v)) {
                        frames.addObject().put(Variable.SEQ, f.path(Variable.SEQ).asLong())
                                .put(Variable.EPOCH_FIELD, f.path(Variable.EPOCH_FIELD).asLong());
                    }
                }
            }
            if (state.has(Variable.TX_HIGH.id())) {
                s.set("txq", state.get(Variable.TX_HIGH.id()));
            }
            return s;
        }

        private void add(final int lineNo, final String logged, final String action, final ObjectNode args,
                         final ObjectNode state, final boolean check, final Set<String> provides, final String needs) {
            out.add(new Built(in.source, lineNo, logged, action, args, state, check, provides, needs));
        }

        private static ObjectNode args(final String h, final String v) {
            final ObjectNode a = JSON.objectNode();
            a.put("h", h);
            if (v != null) {
                a.put("v", v);
            }
            return a;
        }

        private static ObjectNode withRole(final ObjectNode state, final String role) {
            final ObjectNode s = state.deepCopy();
            s.set("role", roles(role));
            return s;
        }

        private static Set<String> union(final Set<String> a, final Set<String> b) {
            final Set<String> u = new LinkedHashSet<>(a);
            u.addAll(b);
            return u;
        }

        /** The key a checkpoint start provides: v's epoch e sealed (the epoch in flight after the start). */
        private static String seal(final String v, final ObjectNode state) {
            return seal(v, state.path(Variable.INFLIGHT.id()).path(v).path("epoch").asLong());
        }

        private static String seal(final String v, final long e) {
            return "seal " + v + " " + e;
        }

        private static String apply(final String v, final long e) {
            return "apply " + v + " " + e;
        }

        private static String generation(final long g) {
            return "gen " + g;
        }
    }

    static ObjectNode roles(final String... roles) {
        final List<String> r = List.of(roles);
        return ItfValues.stringSet(r);
    }
}
