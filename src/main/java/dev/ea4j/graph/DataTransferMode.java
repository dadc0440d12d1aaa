package dev.ea4j.graph;

/** When a task graph copies a buffer between host and device (TornadoVM's {@code DataTransferMode}). */
public enum DataTransferMode {
    /** Copy on the first {@code execute()} only: weights and constants. */
    FIRST_EXECUTION,
    /** Copy on every {@code execute()}: per-step inputs and outputs. */
    EVERY_EXECUTION,
    /** Copy to host only when asked through {@link ExecutionResult#transferToHost(Object...)}. */
    UNDER_DEMAND
}
