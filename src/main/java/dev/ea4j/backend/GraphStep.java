package dev.ea4j.backend;

/** One step of a task graph: a transfer in, a kernel launch, or a transfer out. */
public sealed interface GraphStep {

    /** Host to device copy of {@code arrays}. */
    record ToDevice(DataTransferMode mode, Object[] arrays) implements GraphStep {}

    /** Device to host copy of {@code arrays}. */
    record ToHost(DataTransferMode mode, Object[] arrays) implements GraphStep {}

    /** Declares arrays another graph or plan left on the device; checked, never copied. */
    record Consume(Object[] arrays) implements GraphStep {}

    /** Runs {@code kernel} on {@code args} (arrays and boxed scalars). */
    record Launch(String taskId, KernelRef kernel, Object[] args) implements GraphStep {}
}
