/**
 * The Informal Trace Format (ITF, Apalache ADR-015 / Quint): the trace model
 * ({@link dev.hac.spec.itf.ItfTrace}), its writer and its validating reader.
 */
package dev.hac.spec.itf;
