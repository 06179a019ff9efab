package dev.hac.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hac.host.Lockstep;
import java.io.IOException;
import java.nio.file.Files;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private LockstepLogs() {
    }

    /** A log of {@code steps} random actions under {@code config}, with a params header. */
    static Path write(final Path file, final Lockstep.Config config, final int steps, final long seed) throws IOException {
        final Lockstep driver = new Lockstep(config);
        final SplittableRandom random = new SplittableRandom(seed);
        final List<String> lines = new ArrayList<>();
        final Map<String, Object> params = new LinkedHashMap<>();
        params.put("CkptVMs", config.ckptVms());
        params.put("PlainVMs", config.plainVms());
        params.put("Cap", config.cap());
        params.put("Policy", config.policy());
        params.put("K", config.k());
        params.put("Overflow", config.overflow());
        lines.add(JSON.writeValueAsString(Map.of("params", params)));
        final List<String> vms = new ArrayList<>(config.ckptVms());
        vms.addAll(config.plainVms());
        for (int step = 1; step <= steps; step++) {
            final List<Map.Entry<String, Map<String, Object>>> candidates = new ArrayList<>();
            for (final String action : Contract.ACTIONS.keySet()) {
                switch (Contract.ACTIONS.get(action)) {
                    case NONE -> candidates.add(Map.entry(action, Map.of()));
                    case ANY_VM -> vms.forEach(v -> candidates.add(Map.entry(action, Map.of("v", v))));
                    case CKPT_VM -> config.ckptVms().forEach(v -> candidates.add(Map.entry(action, Map.of("v", v))));
                    case ORDER -> candidates.add(Map.entry(action, Map.of("order", config.ckptVms())));
                }
            }
            // Crashes end the interesting part quickly: make them rare.
            candidates.removeIf(c -> c.getKey().contains("Crash") && random.nextInt(20) != 0);
            boolean done = false;
            while (!done && !candidates.isEmpty()) {
                final Map.Entry<String, Map<String, Object>> c = candidates.remove(random.nextInt(candidates.size()));
                if (driver.apply(c.getKey(), c.getValue())) {
                    final Map<String, Object> line = new LinkedHashMap<>();
                    line.put("step", step);
                    line.put("action", c.getKey());
                    line.put("args", c.getValue());
                    line.put("state", driver.observe());
                    lines.add(JSON.writeValueAsString(line));
                    done = true;
                }
            }
            if (!done) {
                break;
            }
        }
        return Files.write(file, lines);
    }
}
