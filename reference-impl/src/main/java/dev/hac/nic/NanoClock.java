package dev.hac.nic;

/**
 * The monotonic clock the engine reads its lease against: {@link #SYSTEM} ({@link System#nanoTime()}, never wall
 * time) in every host; tests pass one that moves when they say so.
 */
@FunctionalInterface
interface NanoClock {

    long nanoTime();

    NanoClock SYSTEM = System::nanoTime;
}
