package dev.ea4j.backend.cpu;

import static dev.ea4j.backend.cpu.CpuSoftmaxAttention.axpy;
import static dev.ea4j.backend.cpu.CpuSoftmaxAttention.dot;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.StoredSoftmaxKernels;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code cpu} twins of {@link dev.ea4j.kernels.StoredSoftmaxKernels}. The forward splits the (b, h, i) query
 * rows across threads; each row's scores, exponentials and probabilities live in its own row of probs. The
 * backward runs in two parallel passes so that no two threads write one element: per query row (dq and
 * D_i = rowsum(dP o P), kept in a B H L scratch array), then per block of key columns (dk, dv, summing over
 * the query rows i in order, as the reference does). Dot products and updates over the head's Dh channels
 * and the max / normalisation over the row of L use the Vector API; exp is {@code Math.exp}, as in the
 * reference. The {@code vector} flag selects the Vector API body (false: scalar, same arithmetic and order as
 * the reference).
 */
public final class CpuStoredSoftmax {

    private static final VectorSpecies<Float> S = VectorConfig.FLOATS;

    /** Key columns per backward work item: the probs row segment read per query row stays in cache. */
    private static final int KEY_BLOCK = 16;

    private CpuStoredSoftmax() {}

    /** Registers the twins under {@code StoredSoftmaxKernels.method}. */
    static void register(TwinTable<CpuPool> t) {
        t.add(StoredSoftmaxKernels::forward, pool -> (q, k, v, y, probs, B, L, D, H) -> forward(q, k, v, y, probs, B,
                L, D, H, false, pool, VectorConfig.vectorized()));
        t.add(StoredSoftmaxKernels::causalForward, pool -> (q, k, v, y, probs, B, L, D, H) -> forward(q, k, v, y,
                probs, B, L, D, H, true, pool, VectorConfig.vectorized()));
        t.add(StoredSoftmaxKernels::backward, pool -> (q, k, v, probs, gy, dq, dk, dv, B, L, D, H) -> backward(q, k, v,
                probs, gy, dq, dk, dv, B, L, D, H, pool, VectorConfig.vectorized()));
    }

    /** Forward, non-causal or causal (j <= i; probs of j > i written as 0). q, k, v, y: [B, L, D]. */
    public static void forward(float[] q, float[] k, float[] v, float[] y, float[] probs, int B, int L, int D, int H,
                               boolean causal, CpuPool pool, boolean vector) {
        int dh = D / H;
        float scale = (float) (1.0 / Math.sqrt(dh));
        pool.parallelFor(B * H * L, (from, to) -> {
            for (int row = from; row < to; row++) {
                int bh = row / L;
                int i = row - bh * L;
                int b = bh / H;
                int base = b * L * D + (bh - b * H) * dh;
                int qo = base + i * D;
                int po = row * L;
                int n = causal ? i + 1 : L;
                for (int j = 0; j < n; j++) probs[po + j] = dot(q, qo, k, base + j * D, dh, vector) * scale;
                float m = max(probs, po, n, vector);
                float l = 0f;
                for (int j = 0; j < n; j++) {
                    float e = (float) Math.exp(probs[po + j] - m);
                    probs[po + j] = e;
                    l += e;
                }
                scaleInPlace(probs, po, n, 1f / l, vector);
                Arrays.fill(probs, po + n, po + L, 0f);
                Arrays.fill(y, qo, qo + dh, 0f);
                for (int j = 0; j < n; j++) axpy(probs[po + j], v, base + j * D, y, qo, dh, vector);
            }
        });
    }

    /** Backward from the stored probs (masked entries 0, skipped); dq, dk, dv overwritten. */
    public static void backward(float[] q, float[] k, float[] v, float[] probs, float[] gy, float[] dq, float[] dk,
                                float[] dv, int B, int L, int D, int H, CpuPool pool, boolean vector) {
        int dh = D / H;
        float scale = (float) (1.0 / Math.sqrt(dh));
        float[] rowD = new float[B * H * L];
        // pass 1, per query row: D_i = sum_j P_ij dP_ij, dq_i = scale sum_j P_ij (dP_ij - D_i) k_j
        pool.parallelFor(B * H * L, (from, to) -> {
            float[] dpRow = new float[L];
            for (int row = from; row < to; row++) {
                int bh = row / L;
                int i = row - bh * L;
                int b = bh / H;
                int base = b * L * D + (bh - b * H) * dh;
                int qo = base + i * D;
                int po = row * L;
                float di = 0f;
                for (int j = 0; j < L; j++) {
                    float p = probs[po + j];
                    if (p != 0f) {
                        float dp = dot(gy, qo, v, base + j * D, dh, vector);
                        dpRow[j] = dp;
                        di += p * dp;
                    }
                }
                rowD[row] = di;
                Arrays.fill(dq, qo, qo + dh, 0f);
                for (int j = 0; j < L; j++) {
                    float p = probs[po + j];
                    if (p != 0f) axpy(p * (dpRow[j] - di) * scale, k, base + j * D, dq, qo, dh, vector);
                }
            }
        });
        // pass 2, per block of key columns j: dk_j = scale sum_i dS_ij q_i, dv_j = sum_i P_ij gy_i (i in order)
        int blocks = (L + KEY_BLOCK - 1) / KEY_BLOCK;
        pool.parallelFor(B * H * blocks, (from, to) -> {
            for (int item = from; item < to; item++) {
                int bh = item / blocks;
                int j0 = (item - bh * blocks) * KEY_BLOCK;
                int j1 = Math.min(L, j0 + KEY_BLOCK);
                int b = bh / H;
                int base = b * L * D + (bh - b * H) * dh;
                for (int j = j0; j < j1; j++) {
                    Arrays.fill(dk, base + j * D, base + j * D + dh, 0f);
                    Arrays.fill(dv, base + j * D, base + j * D + dh, 0f);
                }
                for (int i = 0; i < L; i++) {
                    int qo = base + i * D;
                    int po = (bh * L + i) * L;
                    float di = rowD[bh * L + i];
                    for (int j = j0; j < j1; j++) {
                        float p = probs[po + j];
                        if (p != 0f) {
                            int ko = base + j * D;
                            float ds = p * (dot(gy, qo, v, ko, dh, vector) - di) * scale;
                            axpy(ds, q, qo, dk, ko, dh, vector);
                            axpy(p, gy, qo, dv, ko, dh, vector);
                        }
                    }
                }
            }
        });
    }

    /** max of a[o..o+n) (n >= 1). */
    private static float max(float[] a, int o, int n, boolean vector) {
        int j = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (vector && n >= S.length()) {
            FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int bound = S.loopBound(n); j < bound; j += S.length()) {
                acc = acc.max(FloatVector.fromArray(S, a, o + j));
            }
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; j < n; j++) m = Math.max(m, a[o + j]);
        return m;
    }

    /** a[o..o+n) *= s. */
    private static void scaleInPlace(float[] a, int o, int n, float s, boolean vector) {
        int j = 0;
        if (vector) {
            FloatVector sv = FloatVector.broadcast(S, s);
            for (int bound = S.loopBound(n); j < bound; j += S.length()) {
                FloatVector.fromArray(S, a, o + j).mul(sv).intoArray(a, o + j);
            }
        }
        for (; j < n; j++) a[o + j] *= s;
    }
}
