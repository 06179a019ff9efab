/**
 * Conformance between the spec and implementations, both ways: ITF traces generated from
 * TLC's state graph and replayed against any {@link dev.hac.conformance.SystemUnderTest}
 * ({@link dev.hac.conformance.TraceGenerator}, {@link dev.hac.conformance.Replayer}), and
 * implementation event logs checked by TLC against the spec
 * ({@link dev.hac.conformance.TraceValidator}). See conformance/README.md and ADAPTERS.md.
 */
package dev.hac.conformance;
