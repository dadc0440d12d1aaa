package dev.ea4j.backend;

/**
 * What one step of one execution cost.
 *
 * @param taskId {@code graph.task}, or {@code graph.toDevice}/{@code graph.toHost} for transfers
 * @param device the device id that ran it
 * @param implementation which twin ran it ({@code reference}, {@code vector}, {@code scalar}, an OpenCL kernel name)
 * @param nanos wall time in nanoseconds
 * @param bytesToDevice bytes copied host to device
 * @param bytesToHost bytes copied device to host
 */
public record TaskProfile(String taskId, String device, String implementation, long nanos,
                          long bytesToDevice, long bytesToHost) {}
