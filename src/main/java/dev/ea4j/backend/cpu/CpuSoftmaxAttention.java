package dev.ea4j.backend.cpu;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.SoftmaxAttentionKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code cpu} twins of {@link dev.ea4j.kernels.SoftmaxAttentionKernels}: the (batch, head) pairs are split
 * across threads; per query row the scores go to a per-thread row of L floats (allocated once per call and
 * chunk). With {@code vector} the forward and backward run {@link CpuSoftmaxKeyLanes} (keys in the lanes) and the
 * decode step runs the Vector API over the head's channels; without it, the scalar row loops below.
 */
public final class CpuSoftmaxAttention {

    private static final VectorSpecies<Float> S = VectorConfig.FLOATS;

    private CpuSoftmaxAttention() {}

    /** Registers the twins under {@code SoftmaxAttentionKernels.method}. */
    static void register(TwinTable<CpuPool> t) {
        t.add(SoftmaxAttentionKernels::forward, pool -> (q, k, v, y, B, L, D, H) -> forward(q, k, v, y, B, L, D, H,
                false, pool, VectorConfig.vectorized()));
        t.add(SoftmaxAttentionKernels::causalForward, pool -> (q, k, v, y, B, L, D, H) -> forward(q, k, v, y, B, L, D,
                H, true, pool, VectorConfig.vectorized()));
        t.add(SoftmaxAttentionKernels::backward, pool -> (q, k, v, y, gy, dq, dk, dv, B, L, D, H) -> backward(q, k, v,
                y, gy, dq, dk, dv, B, L, D, H, false, pool, VectorConfig.vectorized()));
        t.add(SoftmaxAttentionKernels::causalBackward, pool -> (q, k, v, y, gy, dq, dk, dv, B, L, D, H) -> backward(q,
                k, v, y, gy, dq, dk, dv, B, L, D, H, true, pool, VectorConfig.vectorized()));
        t.add(SoftmaxAttentionKernels::appendKv, pool -> (k, v, kCache, vCache, B, D, pos, capacity) -> appendKv(k, v,
                kCache, vCache, B, D, pos, capacity, pool));
        t.add(SoftmaxAttentionKernels::decodeStep, pool -> (q, kCache, vCache, y, B, D, H, pos, capacity) ->
                decodeStep(q, kCache, vCache, y, B, D, H, pos, capacity, pool, VectorConfig.vectorized()));
    }

    /** Forward, non-causal or causal (j <= i). q, k, v, y: [B, L, D]. */
    public static void forward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H,
                               boolean causal, CpuPool pool, boolean vector) {
        if (vector) {
            CpuSoftmaxKeyLanes.forward(q, k, v, y, B, L, D, H, causal, pool);
            return;
        }
        int dh = D / H;
        float scale = (float) (1.0 / Math.sqrt(dh));
        pool.parallelFor(B * H, (from, to) -> {
            float[] sc = new float[L];
            for (int bh = from; bh < to; bh++) {
                int b = bh / H;
                int base = b * L * D + (bh - b * H) * dh;
                for (int i = 0; i < L; i++) {
                    int qo = base + i * D;
                    row(q, qo, k, v, base, D, causal ? i + 1 : L, dh, scale, y, qo, sc, false);
                }
            }
        });
    }

    /** y[yo..yo+dh) = softmax over j < n of (q_row . k_j) scale, applied to v_j; k_j, v_j at base + j * D. */
    private static void row(float[] q, int qo, float[] k, float[] v, int base, int D, int n, int dh, float scale,
                            float[] y, int yo, float[] sc, boolean vector) {
        float m = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            float s = dot(q, qo, k, base + j * D, dh, vector) * scale;
            sc[j] = s;
            m = Math.max(m, s);
        }
        float l = 0f;
        for (int j = 0; j < n; j++) {
            float e = (float) Math.exp(sc[j] - m);
            sc[j] = e;
            l += e;
        }
        for (int c = 0; c < dh; c++) y[yo + c] = 0f;
        for (int j = 0; j < n; j++) axpy(sc[j], v, base + j * D, y, yo, dh, vector);
        float inv = 1f / l;
        for (int c = 0; c < dh; c++) y[yo + c] *= inv;
    }

    /** Backward (dS = P (dP - D_i), D_i = gy_i . y_i), non-causal or causal; dq, dk, dv overwritten. */
    public static void backward(float[] q, float[] k, float[] v, float[] y, float[] gy, float[] dq, float[] dk,
                                float[] dv, int B, int L, int D, int H, boolean causal, CpuPool pool,
                                boolean vector) {
        if (vector) {
            CpuSoftmaxKeyLanes.backward(q, k, v, y, gy, dq, dk, dv, B, L, D, H, causal, pool);
            return;
        }
        int dh = D / H;
        float scale = (float) (1.0 / Math.sqrt(dh));
        pool.parallelFor(B * H, (from, to) -> {
            float[] sc = new float[L];
            for (int bh = from; bh < to; bh++) {
                int b = bh / H;
                int base = b * L * D + (bh - b * H) * dh;
                for (int j = 0; j < L; j++) {
                    for (int c = 0; c < dh; c++) {
                        dk[base + j * D + c] = 0f;
                        dv[base + j * D + c] = 0f;
                    }
                }
                for (int i = 0; i < L; i++) {
                    int qo = base + i * D;
                    int n = causal ? i + 1 : L;
                    float m = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < n; j++) {
                        float s = dot(q, qo, k, base + j * D, dh, false) * scale;
                        sc[j] = s;
                        m = Math.max(m, s);
                    }
                    float l = 0f;
                    for (int j = 0; j < n; j++) {
                        float e = (float) Math.exp(sc[j] - m);
                        sc[j] = e;
                        l += e;
                    }
                    float inv = 1f / l;
                    float di = dot(gy, qo, y, qo, dh, false);
                    for (int c = 0; c < dh; c++) dq[qo + c] = 0f;
                    for (int j = 0; j < n; j++) {
                        int ko = base + j * D;
                        float p = sc[j] * inv;
                        float ds = p * (dot(gy, qo, v, ko, dh, false) - di) * scale;
                        axpy(ds, k, ko, dq, qo, dh, false);
                        axpy(ds, q, qo, dk, ko, dh, false);
                        axpy(p, gy, qo, dv, ko, dh, false);
                    }
                }
            }
        });
    }

    /** Writes token {@code pos}'s k, v ([B, D]) into the caches [B, capacity, D]. */
    public static void appendKv(float[] k, float[] v, float[] kCache, float[] vCache, int B, int D, int pos,
                                int capacity, CpuPool pool) {
        // a copy per batch row; too small to be worth the pool
        for (int b = 0; b < B; b++) {
            System.arraycopy(k, b * D, kCache, (b * capacity + pos) * D, D);
            System.arraycopy(v, b * D, vCache, (b * capacity + pos) * D, D);
        }
    }

    /** Decode step: y ([B, D]) = attention of q ([B, D]) over cached positions 0..pos. */
    public static void decodeStep(float[] q, float[] kCache, float[] vCache, float[] y, int B, int D, int H, int pos,
                                  int capacity, CpuPool pool, boolean vector) {
        int dh = D / H;
        float scale = (float) (1.0 / Math.sqrt(dh));
        pool.parallelFor(B * H, (from, to) -> {
            float[] sc = new float[pos + 1];
            for (int bh = from; bh < to; bh++) {
                int b = bh / H;
                int h = bh - b * H;
                int qo = b * D + h * dh;
                row(q, qo, kCache, vCache, b * capacity * D + h * dh, D, pos + 1, dh, scale, y, qo, sc, vector);
            }
        });
    }

    /** sum_c a[ao + c] b[bo + c], c < n. */
    static float dot(float[] a, int ao, float[] b, int bo, int n, boolean vector) {
        int c = 0;
        float s = 0f;
        if (vector) {
            FloatVector acc = FloatVector.zero(S);
            for (int bound = S.loopBound(n); c < bound; c += S.length()) {
                acc = FloatVector.fromArray(S, a, ao + c).fma(FloatVector.fromArray(S, b, bo + c), acc);
            }
            s = LaneSums.sum(acc);
        }
        for (; c < n; c++) s += a[ao + c] * b[bo + c];
        return s;
    }

    /** y[yo + c] += alpha x[xo + c], c < n. */
    static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n, boolean vector) {
        int c = 0;
        if (vector) {
            for (int bound = S.loopBound(n); c < bound; c += S.length()) {
                FloatVector.fromArray(S, x, xo + c).fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, y, yo + c))
                        .intoArray(y, yo + c);
            }
        }
        for (; c < n; c++) y[yo + c] += alpha * x[xo + c];
    }
}
