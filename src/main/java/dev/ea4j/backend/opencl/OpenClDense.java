package dev.ea4j.backend.opencl;

import java.util.Map;

/**
 * OpenCL twins of {@link dev.ea4j.kernels.DenseKernels} (resources/opencl/dense.cl): tiled matmuls with
 * local-memory tiles and register blocking (sizes from {@link LaunchGeometry}), element-wise bias, GELU and
 * add, and the bias gradient as a column reduction.
 */
final class OpenClDense {

    private static final String FILE = "dense.cl";

    private OpenClDense() {}

    static void register(Map<String, OpenClKernel> m) {
        m.put("DenseKernels.matmul", (s, a) -> matmul(s, "matmul", a));
        m.put("DenseKernels.matmulTransposeB", (s, a) -> matmul(s, "matmul_transpose_b", a));
        m.put("DenseKernels.matmulTransposeA", (s, a) -> matmul(s, "matmul_transpose_a", a));
        m.put("DenseKernels.addBias", (s, a) -> {
            int rows = (Integer) a[2], cols = (Integer) a[3];
            s.run(FILE, "add_bias", (long) rows * cols, a[0], a[1], rows, cols);
        });
        m.put("DenseKernels.biasGradient", (s, a) -> {
            int rows = (Integer) a[2], cols = (Integer) a[3];
            s.run(FILE, "bias_gradient", cols, a[0], a[1], rows, cols);
        });
        m.put("DenseKernels.gelu", (s, a) -> s.run(FILE, "gelu", (Integer) a[2], a[0], a[1], a[2]));
        m.put("DenseKernels.geluBackward", (s, a) -> s.run(FILE, "gelu_backward", (Integer) a[3], a[0], a[1], a[2], a[3]));
        m.put("DenseKernels.add", (s, a) -> s.run(FILE, "add", (Integer) a[3], a[0], a[1], a[2], a[3]));
    }

    /** (a, b, c, M, N, K) for any of the three layouts: one work-group per tile of C. */
    private static void matmul(OpenClSession s, String kernel, Object[] a) {
        int M = (Integer) a[3], N = (Integer) a[4], K = (Integer) a[5];
        LaunchGeometry g = s.geometry();
        s.run2d(FILE, kernel, g.matmulGlobal(N), g.matmulGlobal(M), g.matmulWg(), g.matmulWg(), a[0], a[1], a[2], M, N, K);
    }
}
