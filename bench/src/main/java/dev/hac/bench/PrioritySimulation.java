package dev.hac.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Discrete-event simulation of one host's NIC link: N checkpointing VMs whose frames are buffered per epoch and
 * released in a burst when the epoch's checkpoint commits, and M ordinary VMs whose frames are queued at once.
 * Frames arrive as Poisson processes; checkpoints of the N VMs are staggered over the epoch; the link sends one
 * frame at a time at its line rate. The same arrivals (same seed) are run under three disciplines:
 * <ul>
 * <li>FIFO: one queue, released frames join behind whatever ordinary frames are already waiting;</li>
 * <li>STRICT: the patent's rule, released frames before ordinary ones (docs/MODEL.md {@code NicTransmit}, strict);</li>
 * <li>BOUNDED_BYPASS(k): one ordinary frame after k released frames sent while it waited (docs/MODEL.md, bypass).</li>
 * </ul>
 * Waits are recorded in HdrHistograms: for released frames from release (commit) to the start of their
 * transmission, for ordinary frames from emission to the start of their transmission.
 */
public final class PrioritySimulation {

    /**
     * @param checkpointingVms N
     * @param ordinaryVms      M
     * @param linkGbps         link rate
     * @param frameBytes       frame size on the wire (all frames the same size)
     * @param epochMillis      checkpoint interval per VM
     * @param commitMillis     time from seal to commit (checkpoint transfer + apply + ack), below the epoch
     * @param checkpointingLoad offered load of each checkpointing VM as a fraction of the link
     * @param ordinaryLoad     offered load of each ordinary VM as a fraction of the link
     * @param seconds          simulated time
     * @param bypassK          k of the bounded-bypass run
     * @param seed             arrivals seed
     */
    public record Settings(int checkpointingVms, int ordinaryVms, double linkGbps, int frameBytes,
                           double epochMillis, double commitMillis, double checkpointingLoad, double ordinaryLoad,
                           double seconds, int bypassK, long seed) {
        public Settings {
            check(checkpointingVms >= 1 && checkpointingVms <= 1000, "--ckpt-vms must be 1..1000");
            check(ordinaryVms >= 1 && ordinaryVms <= 1000, "--plain-vms must be 1..1000");
            check(linkGbps > 0 && linkGbps <= 1000, "--link-gbps must be in (0, 1000]");
            check(frameBytes >= 60 && frameBytes <= 9216, "--frame-bytes must be 60..9216");
            check(epochMillis > 0, "--epoch-ms must be > 0");
            check(commitMillis >= 0 && commitMillis < epochMillis,
                    "--commit-ms must be >= 0 and below --epoch-ms (one checkpoint in flight per VM)");
            check(checkpointingLoad >= 0 && ordinaryLoad >= 0 && checkpointingLoad + ordinaryLoad > 0,
                    "loads must be >= 0 and not both 0");
            check(seconds > 0 && seconds <= 600, "--seconds must be in (0, 600]");
            check(bypassK >= 1, "--k must be >= 1");
        }

        private static void check(final boolean ok, final String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }

        /** Total offered load as a fraction of the link. */
        public double offeredLoad() {
            return checkpointingVms * checkpointingLoad + ordinaryVms * ordinaryLoad;
        }

        /**
         * Defaults: a saturated 10 GbE link (offered load 100%: 4 checkpointing VMs at 10%, 4 ordinary at 15%),
         * 1500-byte frames, 10 ms epochs, 2 ms commits, k = 4. Below saturation the ordinary queue is nearly
         * always empty when a burst is released and FIFO and STRICT barely differ; the rule matters when the
         * link has a standing queue.
         */
        public static Settings defaults() {
            return new Settings(4, 4, 10, 1500, 10, 2, 0.10, 0.15, 2, 4, 1);
        }
    }

    /** Waits of one discipline, in nanoseconds. */
    public record Outcome(String discipline, Histogram released, Histogram ordinary, long unsent) {

        /** One table row, microseconds. */
        public String row() {
            return String.format(Locale.ROOT, "%-18s | %9.1f %9.1f %9.1f %9d | %9.1f %9.1f %9.1f %9d | %7d",
                    discipline, us(released, 50), us(released, 99), released.getMaxValue() / 1e3,
                    released.getTotalCount(), us(ordinary, 50), us(ordinary, 99), ordinary.getMaxValue() / 1e3,
                    ordinary.getTotalCount(), unsent);
        }

        private static double us(final Histogram h, final double percentile) {
            return h.getValueAtPercentile(percentile) / 1e3;
        }
    }

    /** Table header matching {@link Outcome#row()}. */
    public static final String HEADER = String.format(Locale.ROOT,
            "%-18s | %-39s | %-39s | %7s%n%-18s | %9s %9s %9s %9s | %9s %9s %9s %9s | %7s",
            "", "released frames: wait release->wire (us)", "ordinary frames: wait emit->wire (us)", "",
            "discipline", "p50", "p99", "max", "frames", "p50", "p99", "max", "frames", "unsent");

    private enum Kind { EMIT, SEAL, COMMIT, LINK_FREE }

    private record Event(long time, long order, Kind kind, int vm, ArrayDeque<Long> frames) {
    }

    private PrioritySimulation() {
    }

    /** Runs FIFO, STRICT and BOUNDED_BYPASS(k) on the same arrivals. */
    public static List<Outcome> runAll(final Settings s, final Consumer<String> progress) {
        final List<Outcome> out = new ArrayList<>();
        for (final String d : List.of("FIFO", "STRICT", "BOUNDED_BYPASS(" + s.bypassK() + ")")) {
            progress.accept("simulating " + d + " ...");
            out.add(run(s, d));
        }
        return out;
    }

    /** One discipline: "FIFO", "STRICT" or "BOUNDED_BYPASS(k)". */
    static Outcome run(final Settings s, final String discipline) {
        final boolean fifo = discipline.equals("FIFO");
        final boolean bypass = discipline.startsWith("BOUNDED_BYPASS");
        final Random random = new Random(s.seed());
        final long frameNanos = Math.max(1, Math.round(s.frameBytes() * 8 / s.linkGbps()));
        final double framesPerNano = 1.0 / frameNanos;
        final long epoch = Math.round(s.epochMillis() * 1e6);
        final long commitDelay = Math.round(s.commitMillis() * 1e6);
        final long end = Math.round(s.seconds() * 1e9);
        final int n = s.checkpointingVms();
        final int vms = n + s.ordinaryVms();

        final Histogram released = new Histogram(3_600_000_000_000L, 3);
        final Histogram ordinary = new Histogram(3_600_000_000_000L, 3);
        // Queue entries: {enqueue time, 1 if released}. FIFO uses only 'high'.
        final ArrayDeque<long[]> high = new ArrayDeque<>();
        final ArrayDeque<long[]> normal = new ArrayDeque<>();
        final List<ArrayDeque<Long>> open = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            open.add(new ArrayDeque<>());
        }

        final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.time() != b.time()
                ? Long.compare(a.time(), b.time()) : Long.compare(a.order(), b.order()));
        final long[] order = {0};
        final double[] rate = new double[vms];
        for (int v = 0; v < vms; v++) {
            rate[v] = (v < n ? s.checkpointingLoad() : s.ordinaryLoad()) * framesPerNano;
            if (rate[v] > 0) {
                events.add(new Event(exponential(random, rate[v]), order[0]++, Kind.EMIT, v, null));
            }
        }
        for (int v = 0; v < n; v++) {
            events.add(new Event((v + 1) * epoch / n, order[0]++, Kind.SEAL, v, null));
        }
        boolean linkBusy = false;
        int streak = 0;
        while (!events.isEmpty() && events.peek().time() <= end) {
            final Event e = events.poll();
            final long now = e.time();
            switch (e.kind()) {
                case EMIT -> {
                    if (e.vm() < n) {
                        open.get(e.vm()).add(now);
                    } else {
                        (fifo ? high : normal).add(new long[] {now, 0});
                    }
                    events.add(new Event(now + exponential(random, rate[e.vm()]), order[0]++, Kind.EMIT, e.vm(), null));
                }
                case SEAL -> {
                    events.add(new Event(now + commitDelay, order[0]++, Kind.COMMIT, e.vm(), open.get(e.vm())));
                    open.set(e.vm(), new ArrayDeque<>());
                    events.add(new Event(now + epoch, order[0]++, Kind.SEAL, e.vm(), null));
                }
                case COMMIT -> {
                    for (int i = e.frames().size(); i > 0; i--) {
                        high.add(new long[] {now, 1});
                    }
                }
                case LINK_FREE -> linkBusy = false;
                default -> throw new IllegalStateException();
            }
            if (!linkBusy && (!high.isEmpty() || !normal.isEmpty())) {
                final long[] frame;
                final boolean normalWaiting = !normal.isEmpty();
                if (!high.isEmpty() && (!normalWaiting || !bypass || streak < s.bypassK())) {
                    streak = bypass && normalWaiting ? streak + 1 : 0;
                    frame = high.poll();
                } else {
                    streak = 0;
                    frame = normal.poll();
                }
                (frame[1] == 1 ? released : ordinary).recordValue(now - frame[0]);
                linkBusy = true;
                events.add(new Event(now + frameNanos, order[0]++, Kind.LINK_FREE, -1, null));
            }
        }
        final long unsent = high.size() + normal.size();
        return new Outcome(discipline, released, ordinary, unsent);
    }

    private static long exponential(final Random random, final double ratePerNano) {
        return Math.max(1, Math.round(-Math.log(1 - random.nextDouble()) / ratePerNano));
    }
}
