package dev.hac.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LockstepTest {

    private static Lockstep pair(final int cap, final String policy, final int k, final String overflow) {
        return new Lockstep(new Lockstep.Config(List.of("c1", "c2"), List.of("p1"), cap, policy, k, overflow));
    }

    private static Map<String, Object> v(final String vm) {
        return Map.of("v", vm);
    }

    private static Map<String, Object> frame(final String vm, final int seq) {
        return Map.of("vm", vm, "seq", seq);
    }

    private static Map<String, Object> rec(final String a, final int x, final String b, final int y) {
        return new java.util.LinkedHashMap<>(Map.of(a, x, b, y));
    }

    /** One action with a VM argument. */
    private record Act(String action, String vm) {
    }

    private static void run(final Lockstep s, final Object... steps) {
        for (final Object step : steps) {
            final boolean ok = step instanceof Act a ? s.apply(a.action(), v(a.vm())) : s.apply((String) step, Map.of());
            assertThat(ok).as("step %s enabled", step).isTrue();
        }
    }

    private static Act a(final String action, final String vm) {
        return new Act(action, vm);
    }

    @Test
    void startsInTheModelsInitialState() {
        final Map<String, Object> s = pair(2, "strict", 0, "backpressure").observe();
        assertThat(s).containsOnlyKeys("primaryUp", "secondaryUp", "mode", "vmSeq", "epoch", "inflight", "committed",
                "acked", "buf", "txHigh", "txNormal", "wire", "highStreak");
        assertThat(s.get("mode")).isEqualTo("protected");
        assertThat(s.get("vmSeq")).isEqualTo(Map.of("c1", 0, "c2", 0, "p1", 0));
        assertThat(s.get("epoch")).isEqualTo(Map.of("c1", 1, "c2", 1));
        assertThat(s.get("inflight")).isEqualTo(Map.of("c1", rec("epoch", 0, "seq", 0), "c2", rec("epoch", 0, "seq", 0)));
        assertThat(s.get("committed")).isEqualTo(s.get("inflight"));
        assertThat(s.get("acked")).isEqualTo(Map.of("c1", 0, "c2", 0));
        assertThat(s.get("buf")).isEqualTo(Map.of("c1", List.of(), "c2", List.of()));
        assertThat(s.get("wire")).isEqualTo(List.of());
        assertThat(s.get("highStreak")).isEqualTo(0);
    }

    @Test
    void buffersCheckpointedOutputUntilTheAckIsActedOn() {
        final Lockstep s = pair(4, "strict", 0, "backpressure");
        run(s, a("VmEmit", "c1"), a("VmEmit", "c1"), a("HacStartCheckpoint", "c1"), a("VmEmit", "c1"));
        Map<String, Object> o = s.observe();
        assertThat(o.get("buf")).isEqualTo(Map.of("c1", List.of(rec("seq", 1, "epoch", 1), rec("seq", 2, "epoch", 1),
                rec("seq", 3, "epoch", 2)), "c2", List.of()));
        assertThat(((Map<?, ?>) o.get("inflight")).get("c1")).isEqualTo(rec("epoch", 1, "seq", 2));
        assertThat(s.apply("NicTransmit", Map.of())).as("nothing may leave before the commit").isFalse();
        run(s, a("SecondaryApply", "c1"));
        o = s.observe();
        assertThat(((Map<?, ?>) o.get("committed")).get("c1")).isEqualTo(rec("epoch", 1, "seq", 2));
        assertThat(((Map<?, ?>) o.get("acked")).get("c1")).isEqualTo(1);
        assertThat(o.get("txHigh")).isEqualTo(List.of());
        run(s, a("PrimaryReceiveAck", "c1"));
        o = s.observe();
        assertThat(o.get("txHigh")).isEqualTo(List.of(frame("c1", 1), frame("c1", 2)));
        assertThat(((Map<?, ?>) o.get("buf")).get("c1")).isEqualTo(List.of(rec("seq", 3, "epoch", 2)));
        assertThat(((Map<?, ?>) o.get("acked")).get("c1")).isEqualTo(0);
        run(s, "NicTransmit", "NicTransmit");
        assertThat(s.observe().get("wire")).isEqualTo(List.of(frame("c1", 1), frame("c1", 2)));
        assertThat(s.apply("NicTransmit", Map.of())).isFalse();
    }

    @Test
    void refusesActionsThatAreNotEnabled() {
        final Lockstep s = pair(1, "strict", 0, "backpressure");
        assertThat(s.apply("SecondaryApply", v("c1"))).isFalse();
        assertThat(s.apply("PrimaryReceiveAck", v("c1"))).isFalse();
        assertThat(s.apply("HacAbortCheckpoint", v("c1"))).isFalse();
        assertThat(s.apply("SecondaryTakeover", Map.of())).isFalse();
        assertThat(s.apply("PrimaryDetectSecondaryLoss", Map.of("order", List.of("c1", "c2")))).isFalse();
        run(s, a("HacStartCheckpoint", "c1"));
        assertThat(s.apply("HacStartCheckpoint", v("c1"))).as("one checkpoint in flight per VM").isFalse();
        run(s, a("SecondaryApply", "c1"));
        assertThat(s.apply("SecondaryApply", v("c1"))).isFalse();
        assertThat(s.apply("HacStartCheckpoint", v("c1"))).as("ack not yet acted on").isFalse();
        final Map<String, Object> before = s.observe();
        assertThatThrownBy(() -> s.apply("Reboot", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.apply("VmEmit", v("zz"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.apply("HacStartCheckpoint", v("p1"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(s.observe()).isEqualTo(before);
    }

    @Test
    void backpressureStallsTheVmWithoutConsumingASequenceNumber() {
        final Lockstep s = pair(1, "strict", 0, "backpressure");
        run(s, a("VmEmit", "c1"));
        assertThat(s.apply("VmEmit", v("c1"))).isFalse();
        assertThat(((Map<?, ?>) s.observe().get("vmSeq")).get("c1")).isEqualTo(1);
        run(s, a("HacStartCheckpoint", "c1"), a("SecondaryApply", "c1"), a("PrimaryReceiveAck", "c1"), a("VmEmit", "c1"));
        assertThat(((Map<?, ?>) s.observe().get("buf")).get("c1")).isEqualTo(List.of(rec("seq", 2, "epoch", 2)));
    }

    @Test
    void dropPolicyConsumesTheSequenceNumberAndLosesTheFrame() {
        final Lockstep s = pair(1, "strict", 0, "drop");
        run(s, a("VmEmit", "c1"), a("VmEmit", "c1"));
        final Map<String, Object> o = s.observe();
        assertThat(((Map<?, ?>) o.get("vmSeq")).get("c1")).isEqualTo(2);
        assertThat(((Map<?, ?>) o.get("buf")).get("c1")).isEqualTo(List.of(rec("seq", 1, "epoch", 1)));
    }

    @Test
    void abortKeepsFramesBufferedAndALaterCommitCoversThem() {
        final Lockstep s = pair(4, "strict", 0, "backpressure");
        run(s, a("VmEmit", "c1"), a("HacStartCheckpoint", "c1"), a("HacAbortCheckpoint", "c1"));
        assertThat(s.apply("SecondaryApply", v("c1"))).isFalse();
        run(s, a("VmEmit", "c1"), a("HacStartCheckpoint", "c1"), a("SecondaryApply", "c1"), a("PrimaryReceiveAck", "c1"));
        final Map<String, Object> o = s.observe();
        assertThat(((Map<?, ?>) o.get("committed")).get("c1")).isEqualTo(rec("epoch", 2, "seq", 2));
        assertThat(o.get("txHigh")).isEqualTo(List.of(frame("c1", 1), frame("c1", 2)));
        assertThat(((Map<?, ?>) o.get("epoch")).get("c1")).isEqualTo(3);
    }

    @Test
    void takeoverResumesFromTheLastAppliedCheckpointAndNeverRepeatsASeenFrame() {
        final Lockstep s = pair(4, "strict", 0, "backpressure");
        run(s, a("VmEmit", "c1"), a("HacStartCheckpoint", "c1"), a("SecondaryApply", "c1"), a("PrimaryReceiveAck", "c1"),
                "NicTransmit", a("VmEmit", "c1"), a("VmEmit", "c1"), a("HacStartCheckpoint", "c1"), a("VmEmit", "p1"),
                "NicTransmit", "PrimaryCrash");
        Map<String, Object> o = s.observe();
        assertThat(o.get("primaryUp")).isEqualTo(false);
        assertThat(o.get("buf")).isEqualTo(Map.of("c1", List.of(), "c2", List.of()));
        assertThat(o.get("txNormal")).isEqualTo(List.of());
        assertThat(((Map<?, ?>) o.get("inflight")).get("c1")).isEqualTo(rec("epoch", 0, "seq", 0));
        assertThat(s.apply("VmEmit", v("c1"))).isFalse();
        assertThat(s.apply("PrimaryCrash", Map.of())).isFalse();
        run(s, "SecondaryTakeover");
        o = s.observe();
        assertThat(o.get("mode")).isEqualTo("failedover");
        assertThat(o.get("vmSeq")).isEqualTo(Map.of("c1", 1, "c2", 0, "p1", 1));
        assertThat(((Map<?, ?>) o.get("epoch")).get("c1")).isEqualTo(3);
        assertThat(s.apply("VmEmit", v("p1"))).as("plain VMs are gone").isFalse();
        assertThat(s.apply("HacStartCheckpoint", v("c1"))).isFalse();
        run(s, a("VmEmit", "c1"));
        o = s.observe();
        assertThat(o.get("txHigh")).as("straight to txHigh after failover").isEqualTo(List.of(frame("c1", 2)));
        run(s, "NicTransmit");
        assertThat(s.observe().get("wire")).isEqualTo(List.of(frame("c1", 1), frame("p1", 1), frame("c1", 2)));
    }

    @Test
    void secondaryLossReleasesEveryBufferInTheGivenOrderAndStopsBuffering() {
        final Lockstep s = pair(4, "strict", 0, "backpressure");
        run(s, a("VmEmit", "c1"), a("VmEmit", "c2"), a("HacStartCheckpoint", "c1"), a("VmEmit", "c1"), "SecondaryCrash");
        assertThat(s.apply("SecondaryApply", v("c1"))).isFalse();
        assertThat(s.apply("SecondaryCrash", Map.of())).isFalse();
        assertThat(s.apply("PrimaryCrash", Map.of())).as("single failures only").isFalse();
        assertThat(s.observe().get("mode")).isEqualTo("protected");
        assertThat(s.apply("PrimaryDetectSecondaryLoss", Map.of("order", List.of("c2", "c1")))).isTrue();
        Map<String, Object> o = s.observe();
        assertThat(o.get("mode")).isEqualTo("unprotected");
        assertThat(o.get("txHigh")).isEqualTo(List.of(frame("c2", 1), frame("c1", 1), frame("c1", 2)));
        assertThat(o.get("buf")).isEqualTo(Map.of("c1", List.of(), "c2", List.of()));
        assertThat(((Map<?, ?>) o.get("inflight")).get("c1")).isEqualTo(rec("epoch", 0, "seq", 0));
        run(s, a("VmEmit", "c1"));
        o = s.observe();
        assertThat(((List<?>) o.get("txHigh")).get(3)).isEqualTo(frame("c1", 3));
        assertThat(s.apply("HacStartCheckpoint", v("c1"))).isFalse();
    }

    @Test
    void strictPrioritySendsReleasedFramesBeforeOrdinaryOnes() {
        final Lockstep s = pair(4, "strict", 0, "backpressure");
        run(s, a("VmEmit", "p1"), a("VmEmit", "c1"), a("VmEmit", "c1"), a("HacStartCheckpoint", "c1"),
                a("SecondaryApply", "c1"), a("PrimaryReceiveAck", "c1"), "NicTransmit", "NicTransmit", "NicTransmit");
        assertThat(s.observe().get("wire")).isEqualTo(List.of(frame("c1", 1), frame("c1", 2), frame("p1", 1)));
        assertThat(s.observe().get("highStreak")).isEqualTo(0);
    }

    @Test
    void boundedBypassLetsAnOrdinaryFrameOutAfterKReleasedOnes() {
        final Lockstep s = pair(4, "bypass", 1, "backpressure");
        run(s, a("VmEmit", "p1"), a("VmEmit", "c1"), a("VmEmit", "c1"), a("HacStartCheckpoint", "c1"),
                a("SecondaryApply", "c1"), a("PrimaryReceiveAck", "c1"), "NicTransmit");
        assertThat(s.observe().get("highStreak")).isEqualTo(1);
        run(s, "NicTransmit", "NicTransmit");
        assertThat(s.observe().get("wire")).isEqualTo(List.of(frame("c1", 1), frame("p1", 1), frame("c1", 2)));
    }

    @Test
    void isDeterministic() {
        final Lockstep x = pair(2, "bypass", 2, "drop");
        final Lockstep y = pair(2, "bypass", 2, "drop");
        final Object[] steps = {a("VmEmit", "c1"), a("VmEmit", "p1"), a("VmEmit", "c1"), a("VmEmit", "c1"),
                a("HacStartCheckpoint", "c1"), a("SecondaryApply", "c1"), a("PrimaryReceiveAck", "c1"), "NicTransmit",
                "PrimaryCrash", "SecondaryTakeover", a("VmEmit", "c1"), "NicTransmit"};
        run(x, steps);
        run(y, steps);
        assertThat(x.observe()).isEqualTo(y.observe());
    }
}
