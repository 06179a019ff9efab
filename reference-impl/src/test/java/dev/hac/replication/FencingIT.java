package dev.hac.replication;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Partitions, pauses and witness faults against a fenced pair of real processes on two addresses
 * ({@link FencedPair}): for each, who wins the witness, who halts or stands by, and what the clients saw: no
 * answer contradicted, never two hosts answering for one VM.
 */
class FencingIT {

    @Test
    void aSilentPartitionOfTheLinkLeavesTheVmsWithThePrimaryAndTheSecondaryStandsBy() throws Exception {
        try (FencedPair pair = new FencedPair()) {
            pair.primary().clients(4).awaitAnswers(20);
            pair.link.blackhole = true;
            Pair.await(() -> pair.primary.state().contains("mode=unprotected"), 20_000, "the primary to win the witness");
            Pair.await(() -> pair.secondary.logged("LOST the witness"), 20_000, "the secondary to lose its claim");
            pair.awaitAnswers(20); // the primary serves on, unprotected
            pair.link.blackhole = false; // heal: nothing changes hands
            pair.awaitAnswers(20);
            assertThat(pair.secondary.logged("TAKEOVER")).isFalse();
            assertThat(pair.switches()).isZero();
            pair.assertClientsSawOneConsistentVm();
        }
    }

    /**
     * A SIGSTOP lasts as long as the test likes, far beyond the model's pause bound: a frame whose lease check had
     * passed when the process froze leaves when it resumes, after the takeover (1 run in 26, 1 in 3 with two CPU
     * hogs). What still holds, and is checked: at most that one frame, a duplicate of an answer the client already
     * had with the same value (committed output, never a contradicted or lost answer), and no answer to a new
     * request from the halted host.
     */
    @Test
    void aPrimaryPausedPastTheTimeoutLosesTheVmsAndHaltsWhenItResumes() throws Exception {
        try (FencedPair pair = new FencedPair()) {
            pair.primary().clients(4).toleratingLateDuplicates().awaitAnswers(20);
            pair.primary.signal("STOP");
            pair.mark();
            pair.secondary.await("TAKEOVER ", 20_000);
            pair.awaitAnswers(10); // from the secondary's address
            pair.primary.signal("CONT");
            assertThat(pair.primary.awaitExit(20_000)).as("a halted primary's exit code").isEqualTo(3);
            assertThat(pair.primary.logged("HALTED")).isTrue();
            pair.awaitAnswers(10);
            assertThat(pair.switches()).isPositive();
            pair.assertClientsSawOneConsistentVm();
            assertThat(pair.lateDuplicates()).as("frames past their lease check when the primary froze").isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aSecondaryPausedPastTheTimeoutFindsThePrimaryHoldingTheWitnessAndStandsBy() throws Exception {
        try (FencedPair pair = new FencedPair()) {
            pair.primary().clients(4).awaitAnswers(20);
            pair.secondary.signal("STOP");
            Pair.await(() -> pair.primary.state().contains("mode=unprotected"), 20_000, "the primary to win the witness");
            pair.awaitAnswers(20);
            pair.secondary.signal("CONT");
            Pair.await(() -> pair.secondary.logged("LOST the witness"), 20_000, "the resumed secondary to lose its claim");
            pair.awaitAnswers(10);
            assertThat(pair.secondary.logged("TAKEOVER")).isFalse();
            assertThat(pair.switches()).isZero();
            pair.assertClientsSawOneConsistentVm();
        }
    }

    @Test
    void aPrimaryThatCannotReachTheWitnessHoldsItsOutputAndHaltsOnceItLearnsItLost() throws Exception {
        try (FencedPair pair = new FencedPair()) {
            pair.primary().clients(4).awaitAnswers(20);
            pair.primaryToWitness.blackhole = true;
            pair.link.blackhole = true;
            pair.mark();
            Pair.await(() -> pair.primary.logged("witness unreachable"), 20_000, "the primary's unanswered claim");
            pair.secondary.await("TAKEOVER ", 20_000);
            assertThat(pair.primary.state()).contains("mode=protected"); // still buffering, not unprotected
            pair.awaitAnswers(10); // from the secondary
            pair.primaryToWitness.blackhole = false;
            assertThat(pair.primary.awaitExit(20_000)).isEqualTo(3);
            pair.link.blackhole = false;
            pair.awaitAnswers(10);
            pair.assertClientsSawOneConsistentVm();
        }
    }

    @Test
    void withTheWitnessDownNobodyTakesOverAndTheRestartedWitnessGrantsTheGenerationOnce() throws Exception {
        try (FencedPair pair = new FencedPair()) {
            pair.primary().clients(4).awaitAnswers(20);
            pair.witness.close();
            pair.link.blackhole = true;
            Pair.await(() -> pair.primary.logged("witness unreachable") && pair.secondary.logged("witness unreachable"),
                    20_000, "both claims unanswered");
            assertThat(pair.secondary.logged("TAKEOVER")).isFalse();
            assertThat(pair.primary.state()).contains("mode=protected");
            pair.restartWitness();
            Pair.await(() -> pair.primary.state().contains("mode=unprotected") || pair.secondary.logged("TAKEOVER"),
                    20_000, "one host to win the restarted witness");
            pair.link.blackhole = false;
            if (pair.primary.state().contains("mode=unprotected")) {
                Pair.await(() -> pair.secondary.logged("LOST the witness"), 20_000, "the secondary to lose");
            } else {
                assertThat(pair.primary.awaitExit(20_000)).isEqualTo(3);
            }
            assertThat(pair.witnessLog.toString().split("generation 2 -> ", -1)).as(pair.witnessLog.toString()).hasSize(2);
            pair.awaitAnswers(10);
            pair.assertClientsSawOneConsistentVm();
        }
    }

    @Test
    void aKilledPrimaryIsReplacedOnTheOtherAddress() throws Exception {
        try (FencedPair pair = new FencedPair()) {
            pair.primary().clients(4).awaitAnswers(20);
            pair.primary.process.destroyForcibly();
            pair.mark();
            pair.secondary.await("TAKEOVER ", 20_000);
            pair.awaitAnswers(10);
            assertThat(pair.switches()).isPositive();
            pair.assertClientsSawOneConsistentVm();
        }
    }
}
