/**
 * TLA+ values as TLC prints them, read into ITF JSON by {@link dev.hac.spec.tla.TlaValueParser};
 * {@link dev.hac.vocabulary.TlaValueFormatter} writes them back.
 */
package dev.hac.spec.tla;
