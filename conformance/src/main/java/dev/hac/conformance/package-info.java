/** Conformance: ITF traces from the spec replayed against implementations; trace validation. */
package dev.hac.conformance;
