/**
 * Kernels: public static void methods of the {@code *Kernels} classes over flat float arrays, the single source
 * of truth for the math; each is the reference twin the backends are tested against, and what a task runs.
 * Helper classes ({@code EaMath}, {@code ExactEaChannels}) hold code the kernels and the {@code cpu} twins share;
 * their methods are not tasks. Depends on nothing else in ea4j.
 */
package dev.ea4j.kernels;
