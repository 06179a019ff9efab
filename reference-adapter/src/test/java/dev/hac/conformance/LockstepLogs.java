package dev.hac.conformance;

import dev.hac.host.Lockstep;
import dev.hac.vocabulary.Action;
import dev.hac.vocabulary.Constant;
import dev.hac.vocabulary.EventLogSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Event logs in the live-mode NDJSON format, written from the lockstep driver doing
 * random enabled actions (a seed per log): implementation logs whose ground truth is the
 * reference implementation itself.
 */
final class LockstepLogs {

    private LockstepLogs() {
    }

    /** A log of {@code steps} random actions under {@code config}, with a params header. */
    static Path write(final Path file, final Lockstep.Config config, final int steps, final long seed) throws IOException {
        final Lockstep driver = new Lockstep(config);
        final SplittableRandom random = new SplittableRandom(seed);
        final Map<String, Object> params = new LinkedHashMap<>();
        params.put(Constant.CKPT_VMS.id(), config.ckptVms());
        params.put(Constant.PLAIN_VMS.id(), config.plainVms());
        params.put(Constant.CAP.id(), config.cap());
        params.put(Constant.POLICY.id(), config.policy());
        params.put(Constant.K.id(), config.k());
        params.put(Constant.OVERFLOW.id(), config.overflow());
        final List<String> vms = new ArrayList<>(config.ckptVms());
        vms.addAll(config.plainVms());
        try (EventLogSchema.Writer log = new EventLogSchema.Writer(file, params)) {
            for (int step = 1; step <= steps; step++) {
                final List<Map.Entry<Action, Map<String, Object>>> candidates = new ArrayList<>();
                for (final Action action : Action.values()) {
                    switch (action.argument()) {
                        case NONE -> candidates.add(Map.entry(action, action.args()));
                        case ANY_VM -> vms.forEach(v -> candidates.add(Map.entry(action, action.args(v))));
                        case CKPT_VM -> config.ckptVms().forEach(v -> candidates.add(Map.entry(action, action.args(v))));
                        case ORDER -> candidates.add(Map.entry(action, action.args(config.ckptVms())));
                    }
                }
                // Crashes end the interesting part quickly: make them rare.
                candidates.removeIf(c -> c.getKey().id().contains("Crash") && random.nextInt(20) != 0);
                boolean done = false;
                while (!done && !candidates.isEmpty()) {
                    final Map.Entry<Action, Map<String, Object>> c = candidates.remove(random.nextInt(candidates.size()));
                    if (driver.apply(c.getKey().id(), c.getValue())) {
                        log.step(c.getKey(), c.getValue(), driver.observe());
                        done = true;
                    }
                }
                if (!done) {
                    break;
                }
            }
        }
        return file;
    }
}
