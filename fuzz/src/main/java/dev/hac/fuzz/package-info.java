/** JQF/Zest fuzz drivers and their junit-quickcheck generators. */
package dev.hac.fuzz;
