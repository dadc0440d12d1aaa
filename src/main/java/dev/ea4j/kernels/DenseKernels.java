package dev.ea4j.kernels;

/** Dense transformer ops: matmuls, bias, GELU, residual add. Row-major flat arrays. */
public final class DenseKernels {

    private DenseKernels() {}

    /** c = a b. a: [M, K], b: [K, N], c: [M, N]. */
    public static void matmul(float[] a, float[] b, float[] c, int M, int N, int K) {
        // TODO(skeleton)
    }

    /** c = a b^T (Linear forward with weights [out, in]). a: [M, K], b: [N, K], c: [M, N]. */
    public static void matmulTransposeB(float[] a, float[] b, float[] c, int M, int N, int K) {
        // TODO(skeleton)
    }

    /** c = a^T b (weight gradients). a: [K, M], b: [K, N], c: [M, N]. */
    public static void matmulTransposeA(float[] a, float[] b, float[] c, int M, int N, int K) {
        // TODO(skeleton)
    }

    /** x[r, c] += bias[c] in place. x: [rows, cols], bias: [cols]. */
    public static void addBias(float[] x, float[] bias, int rows, int cols) {
        // TODO(skeleton)
    }

    /** gb[c] = sum_r gy[r, c]. gy: [rows, cols], gb: [cols]. */
    public static void biasGradient(float[] gy, float[] gb, int rows, int cols) {
        // TODO(skeleton)
    }

    /** y = GELU(x), tanh form: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). x, y: [n]. */
    public static void gelu(float[] x, float[] y, int n) {
        // TODO(skeleton)
    }

    /** gx = gy * GELU'(x). x, gy, gx: [n]. */
    public static void geluBackward(float[] x, float[] gy, float[] gx, int n) {
        // TODO(skeleton)
    }

    /** out = a + b (residual). a, b, out: [n]. */
    public static void add(float[] a, float[] b, float[] out, int n) {
        // TODO(skeleton)
    }
}
