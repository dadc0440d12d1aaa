/**
 * The {@code tornado} backend: ea4j task graphs run by the real TornadoVM (built from source by
 * tornado-config/install-tornadovm.sh), which JIT-compiles the {@code @Parallel} kernels of
 * {@code dev.ea4j.kernels} to OpenCL C or PTX. Each ea4j {@code ExecutionPlan} becomes one TornadoVM
 * {@code TaskGraph} and {@code TornadoExecutionPlan}, built once and executed many times. Depends on the backend
 * SPI (including the graph steps it compiles) and TornadoVM's API; TornadoVM's runtime must be on the JVM's module
 * path (the argfile the install script writes). See docs/tornadovm.md.
 */
package dev.ea4j.backend.tornado;
