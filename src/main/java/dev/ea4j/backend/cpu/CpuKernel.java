package dev.ea4j.backend.cpu;

/** A {@code cpu}-backend twin of a reference kernel: same arguments, parallel over the pool. */
@FunctionalInterface
public interface CpuKernel {
    /** Runs on {@code args} (the task's arrays and boxed scalars) using {@code pool}. */
    void run(Object[] args, CpuPool pool);
}
