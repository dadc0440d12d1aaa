package dev.ea4j.backend.cpu;

import dev.ea4j.kernels.OptimizerKernels;
import java.util.Map;

/** cpu twin of {@link OptimizerKernels}: the element-wise AdamW update split into contiguous chunks. */
final class CpuOptimizer {

    private CpuOptimizer() {}

    static void register(Map<String, CpuKernel> m) {
        m.put("OptimizerKernels.adamW", (a, pool) -> {
            float[] w = (float[]) a[0], g = (float[]) a[1], mm = (float[]) a[2], v = (float[]) a[3], h = (float[]) a[4];
            int n = (Integer) a[5];
            // each chunk runs the reference loop on its slice: the update is element-wise
            pool.parallelFor(n, VectorConfig.lanes(), (from, to) -> OptimizerKernels.adamWRange(w, g, mm, v, h, from, to));
        });
    }
}
