package dev.hac.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One state of a TLC counterexample.
 *
 * @param number    TLC's 1-based state number
 * @param action    the action that produced it ("Initial predicate" for the first)
 * @param location  where the action is defined ({@code line 11, col 11 to line 14, col 49 of module Toy}), or ""
 * @param variables the variables as ITF values, in TLC's order
 */
public record TraceState(int number, String action, String location, Map<String, JsonNode> variables) {

    public static final String INITIAL = "Initial predicate";

    public TraceState {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    public boolean isInitial() {
        return INITIAL.equals(action);
    }
}
