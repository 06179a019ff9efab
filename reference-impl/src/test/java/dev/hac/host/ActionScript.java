package dev.hac.host;

import java.util.List;
import java.util.Map;

/** A model configuration and a sequence of abstract actions with their arguments (enabled or not). */
record ActionScript(Lockstep.Config config, List<Step> steps) {
    record Step(String action, Map<String, Object> args) {
        @Override
        public String toString() {
            return action + args;
        }
    }
}
