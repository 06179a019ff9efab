package dev.hac.spec;

import java.util.List;

/**
 * A behaviour that breaks a property: a finite prefix, or for a liveness violation a
 * lasso whose last state steps back to {@code states.get(loopIndex)}.
 *
 * @param states     the states in order
 * @param loopIndex  0-based index of the state the cycle returns to, or null for a finite trace
 * @param loopAction the action of the step from the last state back to the loop start
 *                   ("Stuttering" when the behaviour stutters forever in the last state), or null
 */
public record Counterexample(List<TraceState> states, Integer loopIndex, String loopAction) {

    public static final String STUTTERING = "Stuttering";

    public Counterexample {
        states = List.copyOf(states);
    }

    public boolean isLasso() {
        return loopIndex != null;
    }
}
