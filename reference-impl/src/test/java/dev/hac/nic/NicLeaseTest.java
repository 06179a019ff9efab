package dev.hac.nic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The lease gate on the checkpointed-class transmit path, and the halt of a primary that lost the witness. */
class NicLeaseTest {

    private static final int C1 = 0;
    private static final int P1 = 1;

    private final RecordingSink wire = new RecordingSink();

    private NicEngine engine() {
        final NicEngine e = new NicEngine(new NicConfig(2, 64, 1 << 16, 1500, SchedulerPolicy.STRICT, true), wire);
        e.configure(VfConfig.checkpointing(C1, EthernetFrames.macOf(C1), 8, 1 << 16, OverflowPolicy.BACKPRESSURE));
        e.configure(VfConfig.ordinary(P1, EthernetFrames.macOf(P1)));
        return e;
    }

    private static void send(final NicEngine e, final int vf) {
        final byte[] f = EthernetFrames.valid(EthernetFrames.macOf(vf), 64);
        e.submit(vf, f, 0, f.length);
    }

    /** One committed frame of C1 in txHigh and one ordinary frame of P1 in txNormal. */
    private NicEngine committedAndOrdinary() {
        final NicEngine e = engine();
        send(e, C1);
        e.commit(C1, e.seal(C1));
        send(e, P1);
        return e;
    }

    @Test
    void anExpiredLeaseHoldsReleasedFramesButNotOrdinaryOnesAndCountsTheHold() {
        final NicEngine e = committedAndOrdinary();
        e.setLease(System.nanoTime() - 1);
        assertThat(e.sendableFrames()).isEqualTo(1);
        assertThat(e.transmit(10)).isEqualTo(1);
        assertThat(wire.wire()).containsExactly(new QueuedFrame(P1, 1));
        assertThat(e.txHigh()).containsExactly(new QueuedFrame(C1, 1));
        assertThat(e.holds(HoldReason.LEASE_EXPIRED)).isEqualTo(1);
        e.setLease(System.nanoTime() + 60_000_000_000L); // renewed
        assertThat(e.transmit(10)).isEqualTo(1);
        assertThat(wire.wire()).containsExactly(new QueuedFrame(P1, 1), new QueuedFrame(C1, 1));
        assertThat(e.holds(HoldReason.LEASE_EXPIRED)).isEqualTo(1);
    }

    @Test
    void withoutALeaseNothingIsHeld() {
        final NicEngine e = committedAndOrdinary();
        assertThat(e.transmit(10)).isEqualTo(2);
        e.setLease(System.nanoTime() - 1);
        e.setLease(NicEngine.NO_LEASE);
        send(e, P1);
        e.transmit(10);
        assertThat(wire.wire()).hasSize(3);
        assertThat(e.holds(HoldReason.LEASE_EXPIRED)).isZero();
    }

    @Test
    void aHaltDiscardsEverythingAndSendsNothingOfEitherClassAgain() {
        final NicEngine e = committedAndOrdinary();
        send(e, C1); // buffered in the open epoch
        assertThat(e.halt()).isEqualTo(3);
        assertThat(e.isHalted()).isTrue();
        assertThat(e.txHigh()).isEmpty();
        assertThat(e.buffered(C1)).isEmpty();
        send(e, P1);
        assertThat(e.sendableFrames()).isZero();
        assertThat(e.transmit(10)).isZero();
        assertThat(wire.wire()).isEmpty();
        assertThat(e.holds(HoldReason.HALTED)).isEqualTo(1);
        assertThat(e.counters().total(Reason.DISCARDED)).isEqualTo(3);
    }
}
