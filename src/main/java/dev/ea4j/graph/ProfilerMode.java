package dev.ea4j.graph;

/** Whether an {@link ExecutionPlan} records per-task times and bytes moved (TornadoVM's {@code ProfilerMode}). */
public enum ProfilerMode {
    /** Record nothing (default). */
    DISABLED,
    /** Record per-task time, bytes moved, and the device and implementation that ran each task. */
    SILENT,
    /** As {@link #SILENT}, and print the profile to stderr after each execution. */
    CONSOLE
}
