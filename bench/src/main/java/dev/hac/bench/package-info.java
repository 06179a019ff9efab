/** JMH and whole-run benchmarks. */
package dev.hac.bench;
