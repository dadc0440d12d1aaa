package dev.ea4j.backend.opencl;

/** An OpenCL twin of a reference kernel: enqueues one or more OpenCL kernels for the task's arguments. */
@FunctionalInterface
public interface OpenClKernel {
    /** Enqueues the work for {@code args} (the task's host arrays and boxed scalars) on {@code session}. */
    void launch(OpenClSession session, Object[] args);
}
