package dev.ea4j.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * Softmax attention that keeps its attention matrix, as PyTorch eager does (the paper's SA baseline in
 * Figures 4 and 5): the forward writes probs = softmax(q k^T / sqrt(Dh)) [B, H, L, L] and the backward
 * reads it instead of recomputing. Memory O(B H L^2); {@link SoftmaxAttentionKernels} is the O(B L D) twin.
 * q, k, v, y: [B, L, D]; head h owns channels [h*Dh, (h+1)*Dh).
 */
public final class StoredSoftmaxKernels {

    private StoredSoftmaxKernels() {}

    /** Non-causal forward; writes probs [B, H, L, L]. */
    public static void forward(float[] q, float[] k, float[] v, float[] y, float[] probs, int B, int L, int D, int H) {
        attend(q, k, v, y, probs, B, L, D, H, 0);
    }

    /** Causal forward (probs of j > i are 0). */
    public static void causalForward(float[] q, float[] k, float[] v, float[] y, float[] probs, int B, int L, int D,
                                     int H) {
        attend(q, k, v, y, probs, B, L, D, H, 1);
    }

    /** Backward from the stored probs (both forms: masked entries are 0): dq, dk, dv from gy. */
    public static void backward(float[] q, float[] k, float[] v, float[] probs, float[] gy, float[] dq, float[] dk,
                                float[] dv, int B, int L, int D, int H) {
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
                int po = (bh * L + i) * L;
                // D_i = rowsum(dP o P), dP_ij = gy_i . v_j; entries with P_ij = 0 (the causal mask) add nothing
                float di = 0f;
                for (int j = 0; j < L; j++) {
                    float p = probs[po + j];
                    if (p != 0f) {
                        int ko = base + j * D;
                        float dp = 0f;
                        for (int c = 0; c < dh; c++) dp += gy[qo + c] * v[ko + c];
                        di += p * dp;
                    }
                }
                for (int c = 0; c < dh; c++) dq[qo + c] = 0f;
                for (int j = 0; j < L; j++) {
                    float p = probs[po + j];
                    if (p != 0f) {
                        int ko = base + j * D;
                        float dp = 0f;
                        for (int c = 0; c < dh; c++) dp += gy[qo + c] * v[ko + c];
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

    /**
     * Forward over all j (causal = 0) or j <= i (causal = 1): the row of probs [bh, i, :] holds the scaled
     * scores, then exp(s - max), then P = e / sum e (zeros past the mask); y_i = sum_j P_ij v_j.
     */
    private static void attend(float[] q, float[] k, float[] v, float[] y, float[] probs, int B, int L, int D, int H,
                               int causal) {
        int dh = D / H;
        float scale = (float) (1.0 / Math.sqrt(dh));
        for (@Parallel int bh = 0; bh < B * H; bh++) {
            int b = bh / H;
            int h = bh - b * H;
            int base = b * L * D + h * dh;
            for (int i = 0; i < L; i++) {
                int qo = base + i * D;
                int po = (bh * L + i) * L;
                int jEnd = causal == 1 ? i + 1 : L;
                float m = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < jEnd; j++) {
                    int ko = base + j * D;
                    float s = 0f;
                    for (int c = 0; c < dh; c++) s += q[qo + c] * k[ko + c];
                    s = s * scale;
                    probs[po + j] = s;
                    m = Math.max(m, s);
                }
                float l = 0f;
                for (int j = 0; j < jEnd; j++) {
                    float e = (float) Math.exp(probs[po + j] - m);
                    probs[po + j] = e;
                    l += e;
                }
                float inv = 1f / l;
                for (int j = 0; j < jEnd; j++) probs[po + j] *= inv;
                for (int j = jEnd; j < L; j++) probs[po + j] = 0f;
                for (int c = 0; c < dh; c++) y[qo + c] = 0f;
                for (int j = 0; j < jEnd; j++) {
                    int ko = base + j * D;
                    float p = probs[po + j];
                    for (int c = 0; c < dh; c++) y[qo + c] += p * v[ko + c];
                }
            }
        }
    }
}
