/**
 * TLA+ values as text (what TLC prints) and as ITF JSON: {@link dev.hac.spec.tla.TlaValueParser}
 * reads TLC's output, {@link dev.hac.spec.tla.TlaValueFormatter} writes it back.
 */
package dev.hac.spec.tla;
