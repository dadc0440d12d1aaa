/**
 * The conformance self-check: every kernel of {@code dev.ea4j.kernels} run on a device and on the
 * {@code java} reference, on seeded inputs with odd shapes, compared with explicit tolerances. Used by
 * {@code ea4j verify} and the JUnit conformance test. Depends on {@code graph}, {@code backend} and
 * {@code kernels}.
 */
package dev.ea4j.verify;
