package dev.hac.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docs/MODEL.md as executable Java, written straight from the text and independent of
 * the implementation: the oracle the lockstep driver is checked against. Values
 * have the shape of {@link Lockstep#observe()}.
 */
final class OutputCommitModel {
    private final Lockstep.Config c;
    private boolean primaryUp = true;
    private boolean secondaryUp = true;
    private String mode = "protected";
    private final Map<String, Integer> vmSeq = new LinkedHashMap<>();
    private final Map<String, Integer> epoch = new LinkedHashMap<>();
    private final Map<String, int[]> inflight = new LinkedHashMap<>();
    private final Map<String, int[]> committed = new LinkedHashMap<>();
    private final Map<String, Integer> acked = new LinkedHashMap<>();
    private final Map<String, List<int[]>> buf = new LinkedHashMap<>();
    private final List<Object[]> txHigh = new ArrayList<>();
    private final List<Object[]> txNormal = new ArrayList<>();
    private final List<Object[]> wire = new ArrayList<>();
    private int highStreak;

    OutputCommitModel(final Lockstep.Config c) {
        this.c = c;
        for (final String v : c.ckptVms()) {
            vmSeq.put(v, 0);
            epoch.put(v, 1);
            inflight.put(v, new int[2]);
            committed.put(v, new int[2]);
            acked.put(v, 0);
            buf.put(v, new ArrayList<>());
        }
        for (final String v : c.plainVms()) {
            vmSeq.put(v, 0);
        }
    }

    private boolean activeUp() {
        return mode.equals("failedover") ? secondaryUp : primaryUp;
    }

    private static boolean none(final int[] f) {
        return f[0] == 0 && f[1] == 0;
    }

    boolean apply(final String action, final Map<String, Object> args) {
        final String v = (String) args.get("v");
        switch (action) {
            case "VmEmit":
                if (c.plainVms().contains(v)) {
                    if (!primaryUp || mode.equals("failedover")) {
                        return false;
                    }
                    vmSeq.merge(v, 1, Integer::sum);
                    txNormal.add(new Object[] {v, vmSeq.get(v)});
                    return true;
                }
                if (!activeUp()) {
                    return false;
                }
                if (mode.equals("protected")) {
                    if (buf.get(v).size() < c.cap()) {
                        buf.get(v).add(new int[] {vmSeq.get(v) + 1, epoch.get(v)});
                    } else if (!c.overflow().equals("drop")) {
                        return false;
                    }
                    vmSeq.merge(v, 1, Integer::sum);
                    return true;
                }
                vmSeq.merge(v, 1, Integer::sum);
                txHigh.add(new Object[] {v, vmSeq.get(v)});
                return true;
            case "HacStartCheckpoint":
                if (!primaryUp || !mode.equals("protected") || !none(inflight.get(v)) || acked.get(v) != 0) {
                    return false;
                }
                inflight.put(v, new int[] {epoch.get(v), vmSeq.get(v)});
                epoch.merge(v, 1, Integer::sum);
                return true;
            case "SecondaryApply":
                if (!secondaryUp || none(inflight.get(v)) || committed.get(v)[0] >= inflight.get(v)[0]) {
                    return false;
                }
                committed.put(v, inflight.get(v).clone());
                acked.put(v, inflight.get(v)[0]);
                return true;
            case "PrimaryReceiveAck":
                if (!primaryUp || !mode.equals("protected") || acked.get(v) == 0) {
                    return false;
                }
                final List<int[]> keep = new ArrayList<>();
                for (final int[] f : buf.get(v)) {
                    if (f[1] <= acked.get(v)) {
                        txHigh.add(new Object[] {v, f[0]});
                    } else {
                        keep.add(f);
                    }
                }
                buf.put(v, keep);
                inflight.put(v, new int[2]);
                acked.put(v, 0);
                return true;
            case "HacAbortCheckpoint":
                if (!primaryUp || !mode.equals("protected") || none(inflight.get(v))) {
                    return false;
                }
                inflight.put(v, new int[2]);
                acked.put(v, 0);
                return true;
            case "NicTransmit":
                return transmit();
            case "PrimaryCrash":
                if (!primaryUp || !secondaryUp || !mode.equals("protected")) {
                    return false;
                }
                primaryUp = false;
                buf.values().forEach(List::clear);
                txHigh.clear();
                txNormal.clear();
                inflight.replaceAll((k, x) -> new int[2]);
                acked.replaceAll((k, x) -> 0);
                highStreak = 0;
                return true;
            case "SecondaryTakeover":
                if (primaryUp || !secondaryUp || !mode.equals("protected")) {
                    return false;
                }
                c.ckptVms().forEach(x -> vmSeq.put(x, committed.get(x)[1]));
                mode = "failedover";
                return true;
            case "SecondaryCrash":
                if (!secondaryUp || !primaryUp || !mode.equals("protected")) {
                    return false;
                }
                secondaryUp = false;
                return true;
            case "PrimaryDetectSecondaryLoss":
                if (!primaryUp || secondaryUp || !mode.equals("protected")) {
                    return false;
                }
                mode = "unprotected";
                @SuppressWarnings("unchecked")
                final List<String> order = (List<String>) args.get("order");
                for (final String x : order) {
                    buf.get(x).forEach(f -> txHigh.add(new Object[] {x, f[0]}));
                    buf.get(x).clear();
                }
                inflight.replaceAll((k, x) -> new int[2]);
                acked.replaceAll((k, x) -> 0);
                return true;
            default:
                throw new IllegalArgumentException(action);
        }
    }

    private boolean transmit() {
        if (!activeUp() || txHigh.isEmpty() && txNormal.isEmpty()) {
            return false;
        }
        final boolean bypass = c.policy().equals("bypass");
        if (!txHigh.isEmpty() && (!bypass || txNormal.isEmpty() || highStreak < c.k())) {
            highStreak = bypass && !txNormal.isEmpty() ? highStreak + 1 : 0;
            wire.add(txHigh.remove(0));
        } else {
            highStreak = 0;
            wire.add(txNormal.remove(0));
        }
        return true;
    }

    Map<String, Object> observe() {
        final Map<String, Object> s = new LinkedHashMap<>();
        s.put("primaryUp", primaryUp);
        s.put("secondaryUp", secondaryUp);
        s.put("mode", mode);
        s.put("vmSeq", new LinkedHashMap<>(vmSeq));
        s.put("epoch", new LinkedHashMap<>(epoch));
        s.put("inflight", records(inflight, "epoch", "seq"));
        s.put("committed", records(committed, "epoch", "seq"));
        s.put("acked", new LinkedHashMap<>(acked));
        final Map<String, Object> b = new LinkedHashMap<>();
        buf.forEach((v, frames) -> {
            final List<Object> l = new ArrayList<>();
            frames.forEach(f -> l.add(Map.of("seq", f[0], "epoch", f[1])));
            b.put(v, l);
        });
        s.put("buf", b);
        s.put("txHigh", queue(txHigh));
        s.put("txNormal", queue(txNormal));
        s.put("wire", queue(wire));
        s.put("highStreak", highStreak);
        return s;
    }

    private static Map<String, Object> records(final Map<String, int[]> m, final String a, final String b) {
        final Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((v, r) -> out.put(v, Map.of(a, r[0], b, r[1])));
        return out;
    }

    private static List<Object> queue(final List<Object[]> q) {
        final List<Object> out = new ArrayList<>();
        q.forEach(e -> out.add(Map.of("vm", e[0], "seq", e[1])));
        return out;
    }
}
