/**
 * File formats: NumPy {@code .npy} float32 arrays ({@link dev.ea4j.io.Npy}). Depends on the JDK only.
 */
package dev.ea4j.io;
