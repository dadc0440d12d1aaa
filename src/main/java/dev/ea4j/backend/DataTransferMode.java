package dev.ea4j.backend;

/** When a task graph copies a buffer between host and device (TornadoVM's {@code DataTransferMode}). */
public enum DataTransferMode {
    /** Copy on the first {@code execute()} only: weights and constants. */
    FIRST_EXECUTION,
    /** Copy on every {@code execute()}: per-step inputs and outputs. */
    EVERY_EXECUTION,
    /** Copy to host only when asked through {@code graph.ExecutionResult.transferToHost}. */
    UNDER_DEMAND
}
