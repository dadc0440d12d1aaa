package dev.ea4j.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector bodies of softmax attention with the keys in the lanes: each (batch, head) pair's keys and values are
 * copied transposed ({@code [Dh][L]}) into per-thread rows, so a score, an exponential, a probability and a key or
 * value gradient are computed for {@code lanes} keys at once, with no horizontal sum inside the key loop (a head of
 * Dh = 8 fills one AVX2 vector only once per key when the lanes run over channels). The scalar twin is
 * {@link CpuSoftmaxAttention}'s row loop with {@code vector = false}.
 */
final class CpuSoftmaxKeyLanes {

    private static final VectorSpecies<Float> S = VectorConfig.FLOATS;

    private CpuSoftmaxKeyLanes() {}

    /** Forward, non-causal or causal (j <= i). q, k, v, y: [B, L, D], H heads of D / H channels. */
    static void forward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H, boolean causal,
                        CpuPool pool) {
        int dh = D / H;
        int lp = padded(L);
        float scale = (float) (1.0 / Math.sqrt(dh));
        pool.parallelFor(B * H, (from, to) -> {
            Rows r = new Rows(dh, lp, false);
            for (int bh = from; bh < to; bh++) {
                int base = base(bh, H, L, D, dh);
                r.load(k, v, base, L, D);
                for (int i = 0; i < L; i++) {
                    int qo = base + i * D;
                    int n = causal ? i + 1 : L;
                    float l = probabilities(q, qo, r, n, scale);
                    float inv = 1f / l;
                    for (int c = 0; c < dh; c++) y[qo + c] = dotRow(r.p, r.vT, c * lp, n) * inv;
                }
            }
        });
    }

    /** Backward (dS = P (dP - D_i), D_i = gy_i . y_i), non-causal or causal; dq, dk, dv overwritten. */
    static void backward(float[] q, float[] k, float[] v, float[] y, float[] gy, float[] dq, float[] dk, float[] dv,
                         int B, int L, int D, int H, boolean causal, CpuPool pool) {
        int dh = D / H;
        int lp = padded(L);
        float scale = (float) (1.0 / Math.sqrt(dh));
        int vl = S.length();
        pool.parallelFor(B * H, (from, to) -> {
            Rows r = new Rows(dh, lp, true);
            for (int bh = from; bh < to; bh++) {
                int base = base(bh, H, L, D, dh);
                r.load(k, v, base, L, D);
                Arrays.fill(r.dkT, 0f);
                Arrays.fill(r.dvT, 0f);
                for (int i = 0; i < L; i++) {
                    int qo = base + i * D;
                    int n = causal ? i + 1 : L;
                    float inv = 1f / probabilities(q, qo, r, n, scale);
                    float di = 0f;
                    for (int c = 0; c < dh; c++) di += gy[qo + c] * y[qo + c];
                    FloatVector invV = FloatVector.broadcast(S, inv);
                    FloatVector diV = FloatVector.broadcast(S, di);
                    FloatVector scaleV = FloatVector.broadcast(S, scale);
                    for (int j = 0; j < n; j += vl) {
                        FloatVector dp = FloatVector.zero(S);
                        for (int c = 0; c < dh; c++) {
                            FloatVector gc = FloatVector.broadcast(S, gy[qo + c]);
                            dp = FloatVector.fromArray(S, r.vT, c * lp + j).fma(gc, dp);
                        }
                        FloatVector p = FloatVector.fromArray(S, r.p, j).mul(invV);
                        p.intoArray(r.p, j);
                        p.mul(dp.sub(diV)).mul(scaleV).intoArray(r.ds, j);
                    }
                    for (int c = 0; c < dh; c++) {
                        dq[qo + c] = dotRow(r.ds, r.kT, c * lp, n);
                        FloatVector qc = FloatVector.broadcast(S, q[qo + c]);
                        FloatVector gc = FloatVector.broadcast(S, gy[qo + c]);
                        int o = c * lp;
                        for (int j = 0; j < n; j += vl) {
                            FloatVector.fromArray(S, r.ds, j).fma(qc, FloatVector.fromArray(S, r.dkT, o + j))
                                    .intoArray(r.dkT, o + j);
                            FloatVector.fromArray(S, r.p, j).fma(gc, FloatVector.fromArray(S, r.dvT, o + j))
                                    .intoArray(r.dvT, o + j);
                        }
                    }
                }
                for (int j = 0; j < L; j++) {
                    for (int c = 0; c < dh; c++) {
                        dk[base + j * D + c] = r.dkT[c * lp + j];
                        dv[base + j * D + c] = r.dvT[c * lp + j];
                    }
                }
            }
        });
    }

    /**
     * Writes e^(s_j - max s) for the query row at {@code qo} and keys j < n into {@code r.p} (0 in the lanes from n
     * to the next multiple of the vector length) and returns their sum; s_j = (q . k_j) scale.
     */
    private static float probabilities(float[] q, int qo, Rows r, int n, float scale) {
        int vl = S.length();
        int dh = r.dh;
        int lp = r.lp;
        FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        FloatVector minusInf = max;
        for (int j = 0; j < n; j += vl) {
            FloatVector s = FloatVector.zero(S);
            for (int c = 0; c < dh; c++) {
                s = FloatVector.fromArray(S, r.kT, c * lp + j).fma(FloatVector.broadcast(S, q[qo + c] * scale), s);
            }
            if (j + vl > n) s = minusInf.blend(s, S.indexInRange(j, n));
            s.intoArray(r.p, j);
            max = max.max(s);
        }
        FloatVector m = FloatVector.broadcast(S, max.reduceLanes(VectorOperators.MAX));
        FloatVector sum = FloatVector.zero(S);
        for (int j = 0; j < n; j += vl) {
            FloatVector e = CpuVectorMath.exp(FloatVector.fromArray(S, r.p, j).sub(m));
            e.intoArray(r.p, j);
            sum = sum.add(e);
        }
        return LaneSums.sum(sum);
    }

    /** sum_{j < n} a[j] b[bo + j], over whole vectors (a is 0 from n to the next multiple of the vector length). */
    private static float dotRow(float[] a, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(S);
        for (int j = 0; j < n; j += S.length()) {
            acc = FloatVector.fromArray(S, a, j).fma(FloatVector.fromArray(S, b, bo + j), acc);
        }
        return LaneSums.sum(acc);
    }

    private static int base(int bh, int H, int L, int D, int dh) {
        int b = bh / H;
        return b * L * D + (bh - b * H) * dh;
    }

    /** L rounded up to whole vectors. */
    private static int padded(int L) {
        return (L + S.length() - 1) / S.length() * S.length();
    }

    /** One thread's rows: keys and values transposed, [Dh][lp] (0 past L); probabilities, score gradients, dK, dV. */
    private static final class Rows {
        final int dh;
        final int lp;
        final float[] kT;
        final float[] vT;
        final float[] p;
        final float[] ds;
        final float[] dkT;
        final float[] dvT;

        Rows(int dh, int lp, boolean backward) {
            this.dh = dh;
            this.lp = lp;
            kT = new float[dh * lp];
            vT = new float[dh * lp];
            p = new float[lp];
            ds = backward ? new float[lp] : null;
            dkT = backward ? new float[dh * lp] : null;
            dvT = backward ? new float[dh * lp] : null;
        }

        /** Copies the pair's keys and values (at base + j D + c) transposed. */
        void load(float[] k, float[] v, int base, int L, int D) {
            for (int j = 0; j < L; j++) {
                for (int c = 0; c < dh; c++) {
                    kT[c * lp + j] = k[base + j * D + c];
                    vT[c * lp + j] = v[base + j * D + c];
                }
            }
        }
    }
}
