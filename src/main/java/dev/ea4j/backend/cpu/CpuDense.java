package dev.ea4j.backend.cpu;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.DenseKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code cpu} twins of {@link dev.ea4j.kernels.DenseKernels}. The three matmuls share one register-blocked
 * micro-kernel (MR rows x NV vectors of accumulators, FMA) over packed operands, GotoBLAS-style:
 *
 * <pre>
 *   pack B once per call into NR-wide column panels [K][NR] (zero padded; parallel over panels)
 *   per thread, for each MC-row block and KC-deep slice of K:
 *       pack A into MR-row panels [KC][MR] (zero padded)
 *       for each column panel, for each MR-row panel:  C[MR, NR] (+)= Ap[KC, MR]^T Bp[KC, NR]
 * </pre>
 *
 * Threads split the rows (or, when there are too few rows, the column panels). The transposes only change
 * how the packing reads its operand. Every twin takes a {@code vector} flag; false runs the scalar path.
 */
public final class CpuDense {

    /** Rows of the micro-kernel tile. */
    static final int MR = 8;
    /** Vectors (columns of lanes) of the micro-kernel tile. */
    static final int NV = 3;
    /** Rows per A block (kept in L2). */
    static final int MC = 128;
    /** Depth of a K slice. */
    static final int KC = 256;

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

    /** Operand layouts the packers understand. */
    private static final int NN = 0, NT = 1, TN = 2;

    /** c = a b. a: [M, K], b: [K, N], c: [M, N]. */
    public static void matmul(float[] a, float[] b, float[] c, int M, int N, int K, CpuPool pool, boolean vector) {
        if (vector) gemm(NN, a, b, c, M, N, K, pool);
        else pool.parallelFor(M, (from, to) -> scalarNN(a, b, c, from, to, N, K));
    }

    /** c = a b^T. a: [M, K], b: [N, K], c: [M, N]. */
    public static void matmulTransposeB(float[] a, float[] b, float[] c, int M, int N, int K, CpuPool pool,
                                        boolean vector) {
        if (vector) gemm(NT, a, b, c, M, N, K, pool);
        else pool.parallelFor(M, (from, to) -> scalarNT(a, b, c, from, to, N, K));
    }

    /** c = a^T b. a: [K, M], b: [K, N], c: [M, N]. */
    public static void matmulTransposeA(float[] a, float[] b, float[] c, int M, int N, int K, CpuPool pool,
                                        boolean vector) {
        if (vector) gemm(TN, a, b, c, M, N, K, pool);
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

    private static void gemm(int layout, float[] a, float[] b, float[] c, int M, int N, int K, CpuPool pool) {
        if (M < MR && layout != TN && K > 0) {
            // a few rows (decoding one token per sequence): packing all of b would cost more than the product
            pool.parallelFor(N, (from, to) -> fewRows(layout, a, b, c, M, N, K, from, to));
            return;
        }
        int nr = NV * S.length();
        int panels = (N + nr - 1) / nr;
        if (K == 0) {
            pool.parallelFor(M, (from, to) -> java.util.Arrays.fill(c, from * N, to * N, 0f));
            return;
        }
        // B packed: panel jp, depth p, lane jj at (jp * K + p) * nr + jj
        float[] bp = new float[panels * K * nr];
        pool.parallelFor(panels, (from, to) -> packB(layout, b, bp, from, to, N, K, nr));
        int rowPanels = (M + MR - 1) / MR;
        if (rowPanels >= 2 * pool.threads() || panels == 1) {
            pool.parallelFor(rowPanels, (from, to) ->
                    gemmBlock(layout, a, bp, c, from * MR, Math.min(M, to * MR), 0, panels, M, N, K));
        } else {
            pool.parallelFor(panels, (from, to) -> gemmBlock(layout, a, bp, c, 0, M, from, to, M, N, K));
        }
    }

    /** c[:, from..to) for M < MR rows without packing: dot products (NT) or row updates (NN) over the Vector API. */
    private static void fewRows(int layout, float[] a, float[] b, float[] c, int M, int N, int K, int from, int to) {
        int vl = S.length();
        int kb = S.loopBound(K);
        if (layout == NT) {
            for (int i = 0; i < M; i++) {
                for (int j = from; j < to; j++) {
                    FloatVector acc = FloatVector.zero(S);
                    int p = 0;
                    for (; p < kb; p += vl) {
                        acc = FloatVector.fromArray(S, a, i * K + p).fma(FloatVector.fromArray(S, b, j * K + p), acc);
                    }
                    float s = LaneSums.sum(acc);
                    for (; p < K; p++) s += a[i * K + p] * b[j * K + p];
                    c[i * N + j] = s;
                }
            }
            return;
        }
        int jb = from + S.loopBound(to - from);
        for (int i = 0; i < M; i++) {
            java.util.Arrays.fill(c, i * N + from, i * N + to, 0f);
            for (int p = 0; p < K; p++) {
                FloatVector aip = FloatVector.broadcast(S, a[i * K + p]);
                int j = from;
                for (; j < jb; j += vl) {
                    aip.fma(FloatVector.fromArray(S, b, p * N + j), FloatVector.fromArray(S, c, i * N + j))
                            .intoArray(c, i * N + j);
                }
                for (; j < to; j++) c[i * N + j] += a[i * K + p] * b[p * N + j];
            }
        }
    }

    private static void packB(int layout, float[] b, float[] bp, int panelFrom, int panelTo, int N, int K, int nr) {
        for (int jp = panelFrom; jp < panelTo; jp++) {
            int j0 = jp * nr;
            int w = Math.min(nr, N - j0);
            int base = jp * K * nr;
            if (layout == NT) {
                // b: [N, K]; read rows of b, write strided
                for (int jj = 0; jj < w; jj++) {
                    int src = (j0 + jj) * K;
                    for (int p = 0; p < K; p++) bp[base + p * nr + jj] = b[src + p];
                }
                for (int jj = w; jj < nr; jj++) {
                    for (int p = 0; p < K; p++) bp[base + p * nr + jj] = 0f;
                }
            } else {
                // b: [K, N]
                for (int p = 0; p < K; p++) {
                    System.arraycopy(b, p * N + j0, bp, base + p * nr, w);
                    for (int jj = w; jj < nr; jj++) bp[base + p * nr + jj] = 0f;
                }
            }
        }
    }

    /** Packs rows [i0, i0+mc) x depth [p0, p0+kc) of A into MR-row panels [kc][MR], zero padded. */
    private static void packA(int layout, float[] a, float[] ap, int i0, int mc, int p0, int kc, int M, int K) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int base = (ir / MR) * kc * MR;
            if (layout == TN) {
                // a: [K, M], rows of the panel are contiguous
                for (int p = 0; p < kc; p++) {
                    int src = (p0 + p) * M + i0 + ir;
                    int dst = base + p * MR;
                    for (int r = 0; r < rows; r++) ap[dst + r] = a[src + r];
                    for (int r = rows; r < MR; r++) ap[dst + r] = 0f;
                }
            } else {
                // a: [M, K]
                for (int r = 0; r < rows; r++) {
                    int src = (i0 + ir + r) * K + p0;
                    for (int p = 0; p < kc; p++) ap[base + p * MR + r] = a[src + p];
                }
                for (int r = rows; r < MR; r++) {
                    for (int p = 0; p < kc; p++) ap[base + p * MR + r] = 0f;
                }
            }
        }
    }

    private static void gemmBlock(int layout, float[] a, float[] bp, float[] c, int rowFrom, int rowTo,
                                  int panelFrom, int panelTo, int M, int N, int K) {
        int nr = NV * S.length();
        float[] ap = new float[MC * KC];
        float[] tile = new float[MR * nr];
        for (int ic = rowFrom; ic < rowTo; ic += MC) {
            int mc = Math.min(MC, rowTo - ic);
            for (int pc = 0; pc < K; pc += KC) {
                int kc = Math.min(KC, K - pc);
                packA(layout, a, ap, ic, mc, pc, kc, M, K);
                for (int jp = panelFrom; jp < panelTo; jp++) {
                    int j0 = jp * nr;
                    int cols = Math.min(nr, N - j0);
                    int bOff = (jp * K + pc) * nr;
                    for (int ir = 0; ir < mc; ir += MR) {
                        int rows = Math.min(MR, mc - ir);
                        micro(ap, (ir / MR) * kc * MR, bp, bOff, kc, tile);
                        flush(tile, c, ic + ir, j0, rows, cols, N, pc == 0);
                    }
                }
            }
        }
    }

    /** tile[MR, NR] = Ap^T Bp over depth kc: MR x NV vectors of accumulators, one FMA per (row, vector, p). */
    private static void micro(float[] ap, int aOff, float[] bp, int bOff, int kc, float[] tile) {
        int L = S.length();
        int nr = NV * L;
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00;
        FloatVector c50 = c00, c51 = c00, c52 = c00;
        FloatVector c60 = c00, c61 = c00, c62 = c00;
        FloatVector c70 = c00, c71 = c00, c72 = c00;
        for (int p = 0; p < kc; p++) {
            int bo = bOff + p * nr;
            int ao = aOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bo + 2 * L);
            FloatVector x = FloatVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32);
            x = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41); c42 = x.fma(b2, c42);
            x = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51); c52 = x.fma(b2, c52);
            x = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = x.fma(b0, c60); c61 = x.fma(b1, c61); c62 = x.fma(b2, c62);
            x = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = x.fma(b0, c70); c71 = x.fma(b1, c71); c72 = x.fma(b2, c72);
        }
        // spill the accumulators to the tile (straight-line stores keep this method small enough for C2)
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c02.intoArray(tile, 2 * L);
        c10.intoArray(tile, nr); c11.intoArray(tile, nr + L); c12.intoArray(tile, nr + 2 * L);
        c20.intoArray(tile, 2 * nr); c21.intoArray(tile, 2 * nr + L); c22.intoArray(tile, 2 * nr + 2 * L);
        c30.intoArray(tile, 3 * nr); c31.intoArray(tile, 3 * nr + L); c32.intoArray(tile, 3 * nr + 2 * L);
        c40.intoArray(tile, 4 * nr); c41.intoArray(tile, 4 * nr + L); c42.intoArray(tile, 4 * nr + 2 * L);
        c50.intoArray(tile, 5 * nr); c51.intoArray(tile, 5 * nr + L); c52.intoArray(tile, 5 * nr + 2 * L);
        c60.intoArray(tile, 6 * nr); c61.intoArray(tile, 6 * nr + L); c62.intoArray(tile, 6 * nr + 2 * L);
        c70.intoArray(tile, 7 * nr); c71.intoArray(tile, 7 * nr + L); c72.intoArray(tile, 7 * nr + 2 * L);
    }

    /** C[i0 + r, j0 + jj] = (or +=) tile[r, jj] for the {@code rows x cols} corner that lies inside C. */
    private static void flush(float[] tile, float[] c, int i0, int j0, int rows, int cols, int ldc, boolean first) {
        int nr = NV * S.length();
        for (int r = 0; r < rows; r++) {
            int co = (i0 + r) * ldc + j0;
            int to = r * nr;
            if (first) {
                System.arraycopy(tile, to, c, co, cols);
            } else {
                int jj = 0;
                for (int bound = S.loopBound(cols); jj < bound; jj += S.length()) {
                    FloatVector.fromArray(S, c, co + jj).add(FloatVector.fromArray(S, tile, to + jj)).intoArray(c, co + jj);
                }
                for (; jj < cols; jj++) c[co + jj] += tile[to + jj];
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
                    FloatVector t = u.lanewise(VectorOperators.TANH);
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
                    FloatVector t = x2.mul(GELU_C).add(1f).mul(xv).mul(GELU_S).lanewise(VectorOperators.TANH);
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
