package dev.ea4j.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/** Dense transformer ops: matmuls, bias, GELU, residual add. Row-major flat arrays. */
public final class DenseKernels {

    /** sqrt(2/pi), the GELU tanh-form constant. */
    private static final float GELU_S = 0.7978845608028654f;
    /** The cubic coefficient of the GELU tanh form. */
    private static final float GELU_C = 0.044715f;

    private DenseKernels() {}

    /** c = a b. a: [M, K], b: [K, N], c: [M, N]. */
    public static void matmul(float[] a, float[] b, float[] c, int M, int N, int K) {
        for (@Parallel int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) c[i * N + j] = 0f;
            for (int p = 0; p < K; p++) {
                float aip = a[i * K + p];
                for (int j = 0; j < N; j++) c[i * N + j] += aip * b[p * N + j];
            }
        }
    }

    /** c = a b^T (Linear forward with weights [out, in]). a: [M, K], b: [N, K], c: [M, N]. */
    public static void matmulTransposeB(float[] a, float[] b, float[] c, int M, int N, int K) {
        for (@Parallel int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                float s = 0f;
                for (int p = 0; p < K; p++) s += a[i * K + p] * b[j * K + p];
                c[i * N + j] = s;
            }
        }
    }

    /** c = a^T b (weight gradients). a: [K, M], b: [K, N], c: [M, N]. */
    public static void matmulTransposeA(float[] a, float[] b, float[] c, int M, int N, int K) {
        for (@Parallel int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) c[i * N + j] = 0f;
            for (int p = 0; p < K; p++) {
                float api = a[p * M + i];
                for (int j = 0; j < N; j++) c[i * N + j] += api * b[p * N + j];
            }
        }
    }

    /** x[r, c] += bias[c] in place. x: [rows, cols], bias: [cols]. */
    public static void addBias(float[] x, float[] bias, int rows, int cols) {
        for (@Parallel int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) x[r * cols + c] += bias[c];
        }
    }

    /** gb[c] = sum_r gy[r, c]. gy: [rows, cols], gb: [cols]. */
    public static void biasGradient(float[] gy, float[] gb, int rows, int cols) {
        for (@Parallel int c = 0; c < cols; c++) {
            float s = 0f;
            for (int r = 0; r < rows; r++) s += gy[r * cols + c];
            gb[c] = s;
        }
    }

    /** y = GELU(x), tanh form: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). x, y: [n]. */
    public static void gelu(float[] x, float[] y, int n) {
        for (@Parallel int i = 0; i < n; i++) {
            float xi = x[i];
            float t = (float) Math.tanh(GELU_S * (xi + GELU_C * xi * xi * xi));
            y[i] = 0.5f * xi * (1f + t);
        }
    }

    /** gx = gy * GELU'(x). x, gy, gx: [n]. */
    public static void geluBackward(float[] x, float[] gy, float[] gx, int n) {
        for (@Parallel int i = 0; i < n; i++) {
            float xi = x[i];
            float t = (float) Math.tanh(GELU_S * (xi + GELU_C * xi * xi * xi));
            // d/dx [0.5 x (1 + t)] = 0.5 (1 + t) + 0.5 x (1 - t^2) s (1 + 3 c x^2)
            float d = 0.5f * (1f + t) + 0.5f * xi * (1f - t * t) * GELU_S * (1f + 3f * GELU_C * xi * xi);
            gx[i] = gy[i] * d;
        }
    }

    /** out = a + b (residual). a, b, out: [n]. */
    public static void add(float[] a, float[] b, float[] out, int n) {
        for (@Parallel int i = 0; i < n; i++) out[i] = a[i] + b[i];
    }
}
