/** The NIC buffer engine: classifier, epoch buffers, release, scheduler, limits, counters. */
package dev.hac.nic;
