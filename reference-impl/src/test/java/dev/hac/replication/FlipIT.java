package dev.hac.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hac.fencing.Witness;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Roles flip as often as hosts fail, with real processes on two addresses and the same clients throughout: the
 * host running the VMs is killed, the survivor takes over and keeps listening, the dead host restarts empty and
 * joins it (stating the VM set it expects the survivor to run), protection resumes under a new generation, and the next kill hits the new primary.
 */
class FlipIT {
    private static final int FLIPS = 3;

    @Test
    void theVmsSurviveAKillOfWhicheverHostRunsThemOverAndOverOnceTheRestartedHostHasJoined() throws Exception {
        try (FencedPair pair = new FencedPair()) {
            pair.primary().clients(4).awaitAnswers(20);
            FencedPair.Host serving = pair.primary;
            FencedPair.Host standby = pair.secondary;
            String standbyAddress = FencedPair.SECONDARY_HOST;
            String servingAddress = FencedPair.PRIMARY_HOST;
            long generation = 0;
            for (int flip = 1; flip <= FLIPS; flip++) {
                serving.process.destroyForcibly();
                serving.process.waitFor();
                final FencedPair.Host survivor = standby;
                survivor.await("TAKEOVER ", 20_000);
                pair.awaitAnswers(10);
                final FencedPair.Host restarted = pair.joiner("host-" + flip, servingAddress,
                        flip % 2 == 1 ? pair.primaryToWitness : pair.secondaryToWitness,
                        new InetSocketAddress(standbyAddress, survivor.port()), pair.vmSpecs());
                Pair.await(() -> survivor.state().contains("mode=protected") && restarted.state().contains("synced=true"),
                        30_000, "flip " + flip + ": protection back (" + survivor.log + ", " + restarted.log + ")");
                assertThat(survivor.state()).as("flip %d: the joiner stated the survivor's own VM set", flip)
                        .contains("joinRefusals={}");
                final long g = Long.parseLong(survivor.state().replaceAll(".*generation=(\\d+).*", "$1"));
                assertThat(g).as("flip %d: a new generation for the new pair", flip).isGreaterThan(generation);
                assertThat(Witness.at("127.0.0.1:" + pair.witness.address().getPort(), pair.key, 1000).read().generation()).as("the witness knows it").isEqualTo(g);
                generation = g;
                pair.awaitAnswers(10);
                serving = survivor;
                standby = restarted;
                final String a = servingAddress;
                servingAddress = standbyAddress;
                standbyAddress = a;
            }
            pair.assertClientsSawOneConsistentVm();
        }
    }
}
