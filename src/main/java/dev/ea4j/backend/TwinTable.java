package dev.ea4j.backend;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A backend's twins by kernel id ({@code Class.method}), registered with typed method references:
 * {@code twins.add(DenseKernels::gelu, pool -> (x, y, n) -> CpuDense.gelu(x, y, n, pool, true))}.
 *
 * @param <C> what a twin runs with (the {@code cpu} backend's thread pool, an OpenCL session)
 */
public final class TwinTable<C> extends TwinTableAdds<C> {

    /** A registered twin: runs on a task's arguments (arrays and boxed scalars) with the backend's context. */
    @FunctionalInterface
    public interface Twin<C> {
        /** Runs the twin on {@code args} with {@code context}. */
        void run(C context, Object[] args);
    }

    private final Map<String, Twin<C>> twins = new HashMap<>();

    @Override
    TwinTable<C> put(KernelRef kernel, Twin<C> twin) {
        if (twins.putIfAbsent(kernel.id(), twin) != null) {
            throw new IllegalStateException("two twins registered for " + kernel.id());
        }
        return this;
    }

    /** The twin of {@code kernel}, or null when it has none. */
    public Twin<C> find(KernelRef kernel) {
        return twins.get(kernel.id());
    }

    /** The ids of the kernels that have a twin. */
    public Set<String> kernelIds() {
        return Set.copyOf(twins.keySet());
    }
}
