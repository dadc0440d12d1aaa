package dev.ea4j.backend.cpu;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.DenseKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code cpu} twins of {@link dev.ea4j.kernels.DenseKernels}. The three matmuls run {@link CpuGemm} (packed
 * panels, cache blocking, a register tile of FMAs); the element-wise ops split their range over the pool. Every
 * twin takes a {@code vector} flag; false runs the scalar path.
 */
public final class CpuDense {

    /** The species, read from a static final so C2 sees a constant. */
    private static final VectorSpecies<Float> S = VectorConfig.FLOATS;

    private CpuDense() {}

    /** Registers the twins under {@code DenseKernels.method}. */
    static void register(TwinTable<CpuPool> t) {
        t.add(DenseKernels::matmul, pool -> (a, b, c, M, N, K) -> matmul(a, b, c, M, N, K, pool,
                VectorConfig.vectorized()));
        t.add(DenseKernels::matmulTransposeB, pool -> (a, b, c, M, N, K) -> matmulTransposeB(a, b, c, M, N, K, pool,
                VectorConfig.vectorized()));
        t.add(DenseKernels::matmulTransposeA, pool -> (a, b, c, M, N, K) -> matmulTransposeA(a, b, c, M, N, K, pool,
                VectorConfig.vectorized()));
        t.add(DenseKernels::addBias, pool -> (x, bias, rows, cols) -> addBias(x, bias, rows, cols, pool,
                VectorConfig.vectorized()));
        t.add(DenseKernels::biasGradient, pool -> (gy, gb, rows, cols) -> biasGradient(gy, gb, rows, cols, pool,
                VectorConfig.vectorized()));
        t.add(DenseKernels::gelu, pool -> (x, y, n) -> gelu(x, y, n, pool, VectorConfig.vectorized()));
        t.add(DenseKernels::geluBackward, pool -> (x, gy, gx, n) -> geluBackward(x, gy, gx, n, pool,
                VectorConfig.vectorized()));
        t.add(DenseKernels::add, pool -> (a, b, out, n) -> add(a, b, out, n, pool, VectorConfig.vectorized()));
    }

    // ---------------------------------------------------------------- matmuls

    /** c = a b. a: [M, K], b: [K, N], c: [M, N]. */
    public static void matmul(float[] a, float[] b, float[] c, int M, int N, int K, CpuPool pool, boolean vector) {
        if (vector) CpuGemm.gemm(GemmPack.NN, a, b, c, M, N, K, pool);
        else pool.parallelFor(M, (from, to) -> scalarNN(a, b, c, from, to, N, K));
    }

    /** c = a b^T. a: [M, K], b: [N, K], c: [M, N]. */
    public static void matmulTransposeB(float[] a, float[] b, float[] c, int M, int N, int K, CpuPool pool,
                                        boolean vector) {
        if (vector) CpuGemm.gemm(GemmPack.NT, a, b, c, M, N, K, pool);
        else pool.parallelFor(M, (from, to) -> scalarNT(a, b, c, from, to, N, K));
    }

    /** c = a^T b. a: [K, M], b: [K, N], c: [M, N]. */
    public static void matmulTransposeA(float[] a, float[] b, float[] c, int M, int N, int K, CpuPool pool,
                                        boolean vector) {
        if (vector) CpuGemm.gemm(GemmPack.TN, a, b, c, M, N, K, pool);
        else pool.parallelFor(M, (from, to) -> scalarTN(a, b, c, from, to, M, N, K));
    }

    private static void scalarNN(float[] a, float[] b, float[] c, int from, int to, int N, int K) {
        for (int i = from; i < to; i++) {
            for (int j = 0; j < N; j++) c[i * N + j] = 0f;
            for (int p = 0; p < K; p++) {
                float aip = a[i * K + p];
                for (int j = 0; j < N; j++) c[i * N + j] += aip * b[p * N + j];
            }
        }
    }

    private static void scalarNT(float[] a, float[] b, float[] c, int from, int to, int N, int K) {
        for (int i = from; i < to; i++) {
            for (int j = 0; j < N; j++) {
                float s = 0f;
                for (int p = 0; p < K; p++) s += a[i * K + p] * b[j * K + p];
                c[i * N + j] = s;
            }
        }
    }

    private static void scalarTN(float[] a, float[] b, float[] c, int from, int to, int M, int N, int K) {
        for (int i = from; i < to; i++) {
            for (int j = 0; j < N; j++) c[i * N + j] = 0f;
            for (int p = 0; p < K; p++) {
                float api = a[p * M + i];
                for (int j = 0; j < N; j++) c[i * N + j] += api * b[p * N + j];
            }
        }
    }

    // ---------------------------------------------------------------- element-wise ops

    /** x[r, c] += bias[c]. */
    public static void addBias(float[] x, float[] bias, int rows, int cols, CpuPool pool, boolean vector) {
        pool.parallelFor(rows, (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r * cols;
                int c = 0;
                if (vector) {
                                        for (int bound = S.loopBound(cols); c < bound; c += S.length()) {
                        FloatVector.fromArray(S, x, o + c).add(FloatVector.fromArray(S, bias, c)).intoArray(x, o + c);
                    }
                }
                for (; c < cols; c++) x[o + c] += bias[c];
            }
        });
    }

    /** gb[c] = sum_r gy[r, c]; threads split the columns, each summing down its columns a vector at a time. */
    public static void biasGradient(float[] gy, float[] gb, int rows, int cols, CpuPool pool, boolean vector) {
        int grain = vector ? VectorConfig.lanes() : 1;
        pool.parallelFor(cols, grain, (from, to) -> {
            int c = from;
            if (vector) {
                                for (int bound = from + S.loopBound(to - from); c < bound; c += S.length()) {
                    FloatVector acc = FloatVector.zero(S);
                    for (int r = 0; r < rows; r++) acc = acc.add(FloatVector.fromArray(S, gy, r * cols + c));
                    acc.intoArray(gb, c);
                }
            }
            for (; c < to; c++) {
                float acc = 0f;
                for (int r = 0; r < rows; r++) acc += gy[r * cols + c];
                gb[c] = acc;
            }
        });
    }

    private static final float GELU_S = 0.7978845608028654f;
    private static final float GELU_C = 0.044715f;

    /** y = GELU(x), tanh form. */
    public static void gelu(float[] x, float[] y, int n, CpuPool pool, boolean vector) {
        int grain = vector ? VectorConfig.lanes() : 1;
        pool.parallelFor(n, grain, (from, to) -> {
            int i = from;
            if (vector) {
                                for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
                    FloatVector xv = FloatVector.fromArray(S, x, i);
                    FloatVector u = xv.mul(xv).mul(xv).mul(GELU_C).add(xv).mul(GELU_S);
                    FloatVector t = CpuVectorMath.tanh(u);
                    xv.mul(0.5f).mul(t.add(1f)).intoArray(y, i);
                }
            }
            for (; i < to; i++) {
                float xi = x[i];
                float t = (float) Math.tanh(GELU_S * (xi + GELU_C * xi * xi * xi));
                y[i] = 0.5f * xi * (1f + t);
            }
        });
    }

    /** gx = gy * GELU'(x). */
    public static void geluBackward(float[] x, float[] gy, float[] gx, int n, CpuPool pool, boolean vector) {
        int grain = vector ? VectorConfig.lanes() : 1;
        pool.parallelFor(n, grain, (from, to) -> {
            int i = from;
            if (vector) {
                                for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
                    FloatVector xv = FloatVector.fromArray(S, x, i);
                    FloatVector x2 = xv.mul(xv);
                    FloatVector t = CpuVectorMath.tanh(x2.mul(GELU_C).add(1f).mul(xv).mul(GELU_S));
                    FloatVector left = t.add(1f).mul(0.5f);
                    FloatVector right = xv.mul(0.5f * GELU_S).mul(t.mul(t).neg().add(1f))
                            .mul(x2.mul(3f * GELU_C).add(1f));
                    left.add(right).mul(FloatVector.fromArray(S, gy, i)).intoArray(gx, i);
                }
            }
            for (; i < to; i++) {
                float xi = x[i];
                float t = (float) Math.tanh(GELU_S * (xi + GELU_C * xi * xi * xi));
                float d = 0.5f * (1f + t) + 0.5f * xi * (1f - t * t) * GELU_S * (1f + 3f * GELU_C * xi * xi);
                gx[i] = gy[i] * d;
            }
        });
    }

    /** out = a + b. */
    public static void add(float[] a, float[] b, float[] out, int n, CpuPool pool, boolean vector) {
        int grain = vector ? VectorConfig.lanes() : 1;
        pool.parallelFor(n, grain, (from, to) -> {
            int i = from;
            if (vector) {
                                for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, i).add(FloatVector.fromArray(S, b, i)).intoArray(out, i);
                }
            }
            for (; i < to; i++) out[i] = a[i] + b[i];
        });
    }
}
