package dev.ea4j.backend.opencl;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.DenseKernels;
import dev.ea4j.kernels.DropoutKernels;

/**
 * OpenCL twins of {@link dev.ea4j.kernels.DenseKernels} (resources/opencl/dense.cl): tiled matmuls with
 * local-memory tiles and register blocking (sizes from {@link LaunchGeometry}), element-wise bias, GELU, dropout and
 * add, and the bias gradient as a column reduction.
 */
final class OpenClDense {

    private static final String FILE = "dense.cl";

    private OpenClDense() {}

    static void register(TwinTable<OpenClSession> t) {
        t.add(DenseKernels::matmul, s -> (a, b, c, M, N, K) -> matmul(s, "matmul", a, b, c, M, N, K));
        t.add(DenseKernels::matmulTransposeB, s -> (a, b, c, M, N, K) ->
                matmul(s, "matmul_transpose_b", a, b, c, M, N, K));
        t.add(DenseKernels::matmulTransposeA, s -> (a, b, c, M, N, K) ->
                matmul(s, "matmul_transpose_a", a, b, c, M, N, K));
        t.add(DenseKernels::addBias, s -> (x, bias, rows, cols) ->
                s.run(FILE, "add_bias", (long) rows * cols, x, bias, rows, cols));
        t.add(DenseKernels::biasGradient, s -> (gy, gb, rows, cols) ->
                s.run(FILE, "bias_gradient", cols, gy, gb, rows, cols));
        t.add(DenseKernels::gelu, s -> (x, y, n) -> s.run(FILE, "gelu", n, x, y, n));
        t.add(DenseKernels::geluBackward, s -> (x, gy, gx, n) -> s.run(FILE, "gelu_backward", n, x, gy, gx, n));
        t.add(DenseKernels::add, s -> (a, b, out, n) -> s.run(FILE, "add", n, a, b, out, n));
        t.add(DropoutKernels::dropout, s -> (x, y, control, salt, n) -> s.run(FILE, "dropout", n, x, y, control, salt, n));
    }

    /** Any of the three layouts: one work-group per tile of C. */
    private static void matmul(OpenClSession s, String kernel, float[] a, float[] b, float[] c, int M, int N, int K) {
        LaunchGeometry g = s.geometry();
        s.run2d(FILE, kernel, g.matmulGlobal(N), g.matmulGlobal(M), g.matmulWg(), g.matmulWg(), a, b, c, M, N, K);
    }
}
