/** Runs TLC on the HAC models and turns its output into structured results. */
package dev.hac.spec;
