/**
 * TornadoVM-shaped task graphs: TaskGraph, ImmutableTaskGraph, ExecutionPlan, DataTransferMode, the
 * profiler. Depends on backend/ (to run) and nothing above it.
 */
package dev.ea4j.graph;
