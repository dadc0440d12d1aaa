package dev.ea4j.backend.opencl;

import java.util.Map;

/** OpenCL twin of {@link dev.ea4j.kernels.OptimizerKernels} (resources/opencl/optimizer.cl). */
final class OpenClOptimizer {

    private OpenClOptimizer() {}

    static void register(Map<String, OpenClKernel> m) {
        m.put("OptimizerKernels.adamW", (s, a) -> s.run("optimizer.cl", "adamw", (Integer) a[5],
                a[0], a[1], a[2], a[3], a[4], a[5]));
    }
}
