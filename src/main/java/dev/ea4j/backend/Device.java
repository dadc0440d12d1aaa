package dev.ea4j.backend;

/**
 * One device a backend can run on.
 *
 * @param id what {@code --device} accepts, e.g. {@code cpu:0}, {@code opencl:1}
 * @param backend the backend's name, e.g. {@code cpu}
 * @param name human-readable device name
 * @param memoryBytes memory the device can use for buffers
 * @param computeUnits cores or compute units
 * @param details one line of extra facts (vector width, driver, ...)
 */
public record Device(String id, String backend, String name, long memoryBytes, int computeUnits, String details) {}
