/**
 * Kernels: public static void methods over flat float arrays, the single source of truth for the math.
 * Each method is the reference twin the backends are tested against. Depends on nothing else in ea4j.
 */
package dev.ea4j.kernels;
