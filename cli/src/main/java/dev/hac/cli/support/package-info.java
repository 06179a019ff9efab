/**
 * What several {@code hac} commands share: the status line, option mixins (scratch root,
 * host options of the live pair), address parsing.
 */
package dev.hac.cli.support;
