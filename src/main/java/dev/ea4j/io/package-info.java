/**
 * File formats and safe writes: NumPy {@code .npy} float32 arrays (Npy, NpyArray), safetensors
 * (SafeTensors, its JSON header read and written with Gson), and files written whole or not at all
 * (AtomicFiles). Depends on the JDK and Gson.
 */
package dev.ea4j.io;
