/**
 * The NIC engine's test kit: an executable model ({@link dev.hac.testkit.nic.NicModel}), the harness that runs
 * engine and model in lockstep and checks the invariants after every step ({@link dev.hac.testkit.nic.NicHarness}),
 * the scenario generator and the frame builders. Main code of its own module so that the engine's property test
 * and the {@code nic} fuzz driver share one oracle and one generator, without test jars on anyone's class path.
 */
package dev.hac.testkit.nic;
