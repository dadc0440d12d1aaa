/**
 * TornadoVM-shaped task graphs: TaskGraph, ImmutableTaskGraph, ExecutionPlan, ExecutionResult, ProfilerMode. A
 * graph is built from the backend SPI's steps (GraphStep, DataTransferMode, KernelRef) and run by a backend's
 * session. Depends on backend/ and nothing above it; backend/ does not depend on graph/.
 */
package dev.ea4j.graph;
