package dev.ea4j.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * Multi-head softmax dot-product attention, the paper's baseline: H heads of Dh = D/H channels,
 * y = softmax(q k^T / sqrt(Dh)) v per head. q, k, v, y: [B, L, D] row-major, head h owns channels
 * [h*Dh, (h+1)*Dh).
 *
 * <p>No kernel keeps an L-sized row of scores: each row's max and normaliser are found in one pass over j
 * and the scores are recomputed in a second pass (the backward pass recomputes them the same way).
 */
public final class SoftmaxAttentionKernels {

    private SoftmaxAttentionKernels() {}

    /** Non-causal forward. */
    public static void forward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H) {
        attend(q, k, v, y, B, L, D, H, 0);
    }

    /** Causal forward (j <= i). */
    public static void causalForward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H) {
        attend(q, k, v, y, B, L, D, H, 1);
    }

    /** Non-causal backward: dq, dk, dv from gy and the forward output y (softmax recomputed). */
    public static void backward(float[] q, float[] k, float[] v, float[] y, float[] gy, float[] dq, float[] dk,
                                float[] dv, int B, int L, int D, int H) {
        attendBackward(q, k, v, y, gy, dq, dk, dv, B, L, D, H, 0);
    }

    /** Causal backward. */
    public static void causalBackward(float[] q, float[] k, float[] v, float[] y, float[] gy, float[] dq, float[] dk,
                                      float[] dv, int B, int L, int D, int H) {
        attendBackward(q, k, v, y, gy, dq, dk, dv, B, L, D, H, 1);
    }

    /** Writes token {@code pos}'s k, v ([B, D]) into the caches kCache, vCache: [B, capacity, D]. */
    public static void appendKv(float[] k, float[] v, float[] kCache, float[] vCache, int B, int D, int pos,
                                int capacity) {
        for (@Parallel int b = 0; b < B; b++) {
            int src = b * D;
            int dst = (b * capacity + pos) * D;
            // each slot is read before it is written: TornadoVM treats an array a kernel only writes as an output it
            // produces whole (unwritten positions come back zero), which would wipe the rest of the cache
            for (int c = 0; c < D; c++) {
                if (kCache[dst + c] != k[src + c]) kCache[dst + c] = k[src + c];
                if (vCache[dst + c] != v[src + c]) vCache[dst + c] = v[src + c];
            }
        }
    }

    /** Decode step: y = attention of q ([B, D]) over cached positions 0..pos. y: [B, D]. */
    public static void decodeStep(float[] q, float[] kCache, float[] vCache, float[] y, int B, int D, int H, int pos,
                                  int capacity) {
        int dh = D / H;
        float scale = (float) (1.0 / Math.sqrt(dh));
        for (@Parallel int bh = 0; bh < B * H; bh++) {
            int b = bh / H;
            int h = bh - b * H;
            int qo = b * D + h * dh;
            int base = b * capacity * D + h * dh;
            // pass 1: row max of the scores
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j <= pos; j++) {
                int ko = base + j * D;
                float s = 0f;
                for (int c = 0; c < dh; c++) s += q[qo + c] * kCache[ko + c];
                m = Math.max(m, s * scale);
            }
            // pass 2: normaliser and weighted sum of v
            for (int c = 0; c < dh; c++) y[qo + c] = 0f;
            float l = 0f;
            for (int j = 0; j <= pos; j++) {
                int ko = base + j * D;
                float s = 0f;
                for (int c = 0; c < dh; c++) s += q[qo + c] * kCache[ko + c];
                float e = (float) Math.exp(s * scale - m);
                l += e;
                for (int c = 0; c < dh; c++) y[qo + c] += e * vCache[ko + c];
            }
            float inv = 1f / l;
            for (int c = 0; c < dh; c++) y[qo + c] *= inv;
        }
    }

    /** Forward over all j (causal = 0) or j <= i (causal = 1). */
    private static void attend(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H, int causal) {
        int dh = D / H;
        float scale = (float) (1.0 / Math.sqrt(dh));
        for (@Parallel int bh = 0; bh < B * H; bh++) {
            int b = bh / H;
            int h = bh - b * H;
            int base = b * L * D + h * dh;
            for (int i = 0; i < L; i++) {
                int qo = base + i * D;
                int jEnd = causal == 1 ? i + 1 : L;
                // pass 1: row max of the scores
                float m = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < jEnd; j++) {
                    int ko = base + j * D;
                    float s = 0f;
                    for (int c = 0; c < dh; c++) s += q[qo + c] * k[ko + c];
                    m = Math.max(m, s * scale);
                }
                // pass 2: normaliser and weighted sum of v
                for (int c = 0; c < dh; c++) y[qo + c] = 0f;
                float l = 0f;
                for (int j = 0; j < jEnd; j++) {
                    int ko = base + j * D;
                    float s = 0f;
                    for (int c = 0; c < dh; c++) s += q[qo + c] * k[ko + c];
                    float e = (float) Math.exp(s * scale - m);
                    l += e;
                    for (int c = 0; c < dh; c++) y[qo + c] += e * v[ko + c];
                }
                float inv = 1f / l;
                for (int c = 0; c < dh; c++) y[qo + c] *= inv;
            }
        }
    }

    /**
     * Backward with dS_ij = P_ij (dP_ij - D_i), dP_ij = gy_i . v_j, D_i = gy_i . y_i; dq_i = scale sum_j dS_ij k_j,
     * dk_j = scale sum_i dS_ij q_i, dv_j = sum_i P_ij gy_i. Each (b, h) owns its slices of dq, dk, dv.
     */
    private static void attendBackward(float[] q, float[] k, float[] v, float[] y, float[] gy, float[] dq,
                                       float[] dk, float[] dv, int B, int L, int D, int H, int causal) {
        int dh = D / H;
        float scale = (float) (1.0 / Math.sqrt(dh));
        for (@Parallel int bh = 0; bh < B * H; bh++) {
            int b = bh / H;
            int h = bh - b * H;
            int base = b * L * D + h * dh;
            for (int j = 0; j < L; j++) {
                for (int c = 0; c < dh; c++) {
                    dk[base + j * D + c] = 0f;
                    dv[base + j * D + c] = 0f;
                }
            }
            for (int i = 0; i < L; i++) {
                int qo = base + i * D;
                int jEnd = causal == 1 ? i + 1 : L;
                // recompute the row max and normaliser
                float m = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < jEnd; j++) {
                    int ko = base + j * D;
                    float s = 0f;
                    for (int c = 0; c < dh; c++) s += q[qo + c] * k[ko + c];
                    m = Math.max(m, s * scale);
                }
                float l = 0f;
                for (int j = 0; j < jEnd; j++) {
                    int ko = base + j * D;
                    float s = 0f;
                    for (int c = 0; c < dh; c++) s += q[qo + c] * k[ko + c];
                    l += (float) Math.exp(s * scale - m);
                }
                float inv = 1f / l;
                // D_i = gy_i . y_i
                float di = 0f;
                for (int c = 0; c < dh; c++) di += gy[qo + c] * y[qo + c];
                for (int c = 0; c < dh; c++) dq[qo + c] = 0f;
                for (int j = 0; j < jEnd; j++) {
                    int ko = base + j * D;
                    float s = 0f;
                    float dp = 0f;
                    for (int c = 0; c < dh; c++) {
                        s += q[qo + c] * k[ko + c];
                        dp += gy[qo + c] * v[ko + c];
                    }
                    float p = (float) Math.exp(s * scale - m) * inv;
                    float ds = p * (dp - di) * scale;
                    for (int c = 0; c < dh; c++) {
                        dq[qo + c] += ds * k[ko + c];
                        dk[ko + c] += ds * q[qo + c];
                        dv[ko + c] += p * gy[qo + c];
                    }
                }
            }
        }
    }
}
