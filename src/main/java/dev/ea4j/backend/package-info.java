/**
 * The backend SPI: Backend, Device, DeviceSession, device selection (Backends), and what a session runs and
 * reports: kernel references (KernelRef, the TaskN types of TornadoFunctions, TaskCalls), graph steps
 * (GraphSteps, GraphStep, DataTransferMode, GraphCompiler for sessions that run whole graphs), TaskProfile, and
 * TwinTable, the typed twin registry of the backends. Depends on nothing else in ea4j; graph/ builds on it.
 */
package dev.ea4j.backend;
