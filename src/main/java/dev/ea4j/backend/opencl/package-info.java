/**
 * The {@code opencl} backend through JOCL: device discovery (OpenClPlatforms), a session per device holding a
 * device buffer per host array, the built programs and the twins' scratch arrays (OpenClSession), launch sizes
 * in one place (LaunchGeometry), and one OpenCL C twin family per kernel class (OpenCl* classes,
 * resources/opencl/*.cl) registered in OpenClTwins. Depends on backend/, kernels/ (the twins' keys) and JOCL.
 */
package dev.ea4j.backend.opencl;
