package dev.ea4j.backend;


/**
 * A backend bound to one device: owns the device copies of host arrays and launches kernels on them.
 * Host-memory backends treat transfers as no-ops.
 */
public interface DeviceSession extends AutoCloseable {

    /** What {@link #launch} returns when the kernel's reference (plain Java) implementation ran it. */
    String REFERENCE = "reference";

    /** The device this session runs on. */
    Device device();

    /** Copies a host array to its device buffer (allocating it on first use); returns bytes moved. */
    long toDevice(Object array);

    /** Copies an array's device buffer back to the host array; returns bytes moved. */
    long toHost(Object array);

    /**
     * Runs {@code kernel} with {@code args} (host arrays standing for their device buffers, and boxed
     * scalars), and returns the name of the implementation that ran it, e.g. {@code vector} or
     * {@code reference}.
     */
    String launch(KernelRef kernel, Object[] args);

    /** Whether the device holds a buffer for {@code array} (host-memory backends: always). */
    default boolean holds(Object array) {
        return true;
    }

    /** Waits for queued work to finish. */
    default void sync() {}

    @Override
    default void close() {}
}
