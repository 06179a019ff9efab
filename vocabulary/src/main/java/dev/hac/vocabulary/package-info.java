/**
 * The contract every part of HAC speaks (docs/MODEL.md): the constants ({@link dev.hac.vocabulary.Constant}),
 * variables ({@link dev.hac.vocabulary.Variable}) and actions with their arguments
 * ({@link dev.hac.vocabulary.Action}, {@link dev.hac.vocabulary.Argument}); TLA+ values as ITF JSON and their
 * canonical form ({@link dev.hac.vocabulary.ItfValues}, {@link dev.hac.vocabulary.TlaValueFormatter}); and the
 * NDJSON event log, written and read by the same code ({@link dev.hac.vocabulary.EventLogSchema}).
 */
package dev.hac.vocabulary;
