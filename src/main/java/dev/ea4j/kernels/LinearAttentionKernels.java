package dev.ea4j.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * Linear attention (Katharopoulos et al. 2020) with feature map phi(x) = elu(x) + 1, a second baseline:
 * H heads of Dh = D/H channels, y_i = phi(q_i) sum_j phi(k_j)^T v_j / (phi(q_i) . sum_j phi(k_j)), sums over all
 * j or j <= i (causal). q, k, v, y: [B, L, D] row-major.
 *
 * <p>O(L Dh^2) per head without the Dh x Dh state: the forward pass works one output channel e at a time,
 * keeping one column S[., e] = sum_j phi(k_j) v_je and z = sum_j phi(k_j) (two Dh-vectors of scratch per
 * (b, e)). The backward passes keep one Dh-vector (a row or column of S or of its gradient) and park the
 * per-row statistics den_i = phi(q_i) . z_i and r_i = gy_i . y_i in channel 0 of the head's dv and dk rows,
 * which are written last. phi > 0, so every denominator is positive; no guard is added.
 */
public final class LinearAttentionKernels {

    private LinearAttentionKernels() {}

    /** Non-causal forward. */
    public static void forward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H) {
        forwardRange(q, k, v, y, B, L, D, H, 0, 0, B * D);
    }

    /** Causal forward (prefix sums over j <= i). */
    public static void causalForward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H) {
        forwardRange(q, k, v, y, B, L, D, H, 1, 0, B * D);
    }

    /** Non-causal backward: dq, dk, dv from gy (sums recomputed). */
    public static void backward(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk, float[] dv,
                                int B, int L, int D, int H) {
        backwardRange(q, k, v, gy, dq, dk, dv, B, L, D, H, 0, B * H);
    }

    /**
     * {@link #backward} over the (b, head) pairs bh in [from, to); the kernel calls it with [0, B*H), the
     * {@code cpu} twin with its chunk (a head's passes share its dk, dv channel-0 slots, so it stays whole).
     */
    public static void backwardRange(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk,
                                     float[] dv, int B, int L, int D, int H, int from, int to) {
        int dh = D / H;
        for (@Parallel int bh = from; bh < to; bh++) {
            int b = bh / H;
            int base = b * L * D + (bh - b * H) * dh;
            float[] z = new float[dh];
            float[] w = new float[dh];
            float[] gz = new float[dh];
            // z = sum_j phi(k_j); den_i -> dv[i, 0], r_i = gy_i . y_i accumulated in dk[i, 0]
            for (int j = 0; j < L; j++) {
                for (int d = 0; d < dh; d++) z[d] += phi(k[base + j * D + d]);
            }
            for (int i = 0; i < L; i++) {
                int o = base + i * D;
                float den = 0f;
                for (int d = 0; d < dh; d++) den += phi(q[o + d]) * z[d];
                dv[o] = den;
                dk[o] = 0f;
            }
            for (int e = 0; e < dh; e++) {
                for (int d = 0; d < dh; d++) w[d] = 0f;
                for (int j = 0; j < L; j++) {
                    int o = base + j * D;
                    for (int d = 0; d < dh; d++) w[d] += phi(k[o + d]) * v[o + e];
                }
                for (int i = 0; i < L; i++) {
                    int o = base + i * D;
                    float num = 0f;
                    for (int d = 0; d < dh; d++) num += phi(q[o + d]) * w[d];
                    dk[o] += gy[o + e] * num / dv[o];
                }
            }
            // dq_id = phi'(q_id) (S[d, .] . gy_i - z_d r_i) / den_i, and gz_d = -sum_i phi(q_id) r_i / den_i
            for (int d = 0; d < dh; d++) {
                for (int e = 0; e < dh; e++) w[e] = 0f;
                for (int j = 0; j < L; j++) {
                    int o = base + j * D;
                    float f = phi(k[o + d]);
                    for (int e = 0; e < dh; e++) w[e] += f * v[o + e];
                }
                float g = 0f;
                for (int i = 0; i < L; i++) {
                    int o = base + i * D;
                    float t = 0f;
                    for (int e = 0; e < dh; e++) t += w[e] * gy[o + e];
                    dq[o + d] = dphi(q[o + d]) * (t - z[d] * dk[o]) / dv[o];
                    g -= phi(q[o + d]) * dk[o] / dv[o];
                }
                gz[d] = g;
            }
            // dv_je = phi(k_j) . dS[., e] for e >= 1 (channel 0 holds den until the end)
            for (int e = dh - 1; e >= 1; e--) {
                columnOfGradS(q, gy, dv, w, base, 0, L, D, dh, e);
                for (int j = 0; j < L; j++) {
                    int o = base + j * D;
                    float t = 0f;
                    for (int d = 0; d < dh; d++) t += phi(k[o + d]) * w[d];
                    dv[o + e] = t;
                }
            }
            // dk_jd = phi'(k_jd) (dS[d, .] . v_j + gz_d); r (in dk[., 0]) is no longer read
            for (int d = 0; d < dh; d++) {
                for (int e = 0; e < dh; e++) w[e] = 0f;
                for (int i = 0; i < L; i++) {
                    int o = base + i * D;
                    float f = phi(q[o + d]) / dv[o];
                    for (int e = 0; e < dh; e++) w[e] += f * gy[o + e];
                }
                for (int j = 0; j < L; j++) {
                    int o = base + j * D;
                    float t = 0f;
                    for (int e = 0; e < dh; e++) t += w[e] * v[o + e];
                    dk[o + d] = dphi(k[o + d]) * (t + gz[d]);
                }
            }
            columnOfGradS(q, gy, dv, w, base, 0, L, D, dh, 0);
            for (int j = 0; j < L; j++) {
                int o = base + j * D;
                float t = 0f;
                for (int d = 0; d < dh; d++) t += phi(k[o + d]) * w[d];
                dv[o] = t;
            }
        }
    }

    /** Causal backward: dq, dk, dv from gy (prefix and suffix sums recomputed). */
    public static void causalBackward(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk, float[] dv,
                                      int B, int L, int D, int H) {
        causalBackwardRange(q, k, v, gy, dq, dk, dv, B, L, D, H, 0, B * H);
    }

    /** {@link #causalBackward} over the (b, head) pairs bh in [from, to) (see {@link #backwardRange}). */
    public static void causalBackwardRange(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk,
                                           float[] dv, int B, int L, int D, int H, int from, int to) {
        int dh = D / H;
        for (@Parallel int bh = from; bh < to; bh++) {
            int b = bh / H;
            int base = b * L * D + (bh - b * H) * dh;
            float[] w = new float[dh];
            // den_i = phi(q_i) . z_i (prefix z) -> dv[i, 0]; r_i = gy_i . y_i accumulated in dk[i, 0]
            for (int d = 0; d < dh; d++) w[d] = 0f;
            for (int i = 0; i < L; i++) {
                int o = base + i * D;
                float den = 0f;
                for (int d = 0; d < dh; d++) {
                    w[d] += phi(k[o + d]);
                    den += phi(q[o + d]) * w[d];
                }
                dv[o] = den;
                dk[o] = 0f;
            }
            for (int e = 0; e < dh; e++) {
                for (int d = 0; d < dh; d++) w[d] = 0f;
                for (int i = 0; i < L; i++) {
                    int o = base + i * D;
                    float num = 0f;
                    for (int d = 0; d < dh; d++) {
                        w[d] += phi(k[o + d]) * v[o + e];
                        num += phi(q[o + d]) * w[d];
                    }
                    dk[o] += gy[o + e] * num / dv[o];
                }
            }
            // dq_id = phi'(q_id) (S_i[d, .] . gy_i - z_id r_i) / den_i with prefix row S_i[d, .] and prefix z_id
            for (int d = 0; d < dh; d++) {
                for (int e = 0; e < dh; e++) w[e] = 0f;
                float zd = 0f;
                for (int i = 0; i < L; i++) {
                    int o = base + i * D;
                    float f = phi(k[o + d]);
                    zd += f;
                    float t = 0f;
                    for (int e = 0; e < dh; e++) {
                        w[e] += f * v[o + e];
                        t += w[e] * gy[o + e];
                    }
                    dq[o + d] = dphi(q[o + d]) * (t - zd * dk[o]) / dv[o];
                }
            }
            // dv_je = phi(k_j) . G_j[., e] with suffix G_j = sum_{i >= j} phi(q_i) gy_i^T / den_i; e = 0 last
            for (int e = dh - 1; e >= 1; e--) causalValueGradient(q, k, gy, dv, w, base, L, D, dh, e);
            // dk_jd = phi'(k_jd) (G_j[d, .] . v_j + gz_jd), gz_jd = -sum_{i >= j} phi(q_id) r_i / den_i; d = 0 last
            // (its pass reads r_j from dk[j, 0] before overwriting it, walking j downwards)
            for (int d = dh - 1; d >= 0; d--) {
                for (int e = 0; e < dh; e++) w[e] = 0f;
                float g = 0f;
                for (int j = L - 1; j >= 0; j--) {
                    int o = base + j * D;
                    float f = phi(q[o + d]) / dv[o];
                    g -= f * dk[o];
                    float t = 0f;
                    for (int e = 0; e < dh; e++) {
                        w[e] += f * gy[o + e];
                        t += w[e] * v[o + e];
                    }
                    dk[o + d] = dphi(k[o + d]) * (t + g);
                }
            }
            causalValueGradient(q, k, gy, dv, w, base, L, D, dh, 0);
        }
    }

    /**
     * Shared forward over the (b, output channel) pairs bc in [from, to), one per parallel iteration; causal = 1
     * takes prefix sums. The kernels call it with [0, B*D), the {@code cpu} twin with its chunk.
     */
    public static void forwardRange(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H,
                                    int causal, int from, int to) {
        int dh = D / H;
        for (@Parallel int bc = from; bc < to; bc++) {
            int b = bc / D;
            int c = bc - b * D;
            int base = b * L * D + (c / dh) * dh;
            float[] s = new float[dh];
            float[] z = new float[dh];
            if (causal == 0) {
                for (int j = 0; j < L; j++) {
                    int o = base + j * D;
                    float vj = v[b * L * D + j * D + c];
                    for (int d = 0; d < dh; d++) {
                        float f = phi(k[o + d]);
                        s[d] += f * vj;
                        z[d] += f;
                    }
                }
            }
            for (int i = 0; i < L; i++) {
                int o = base + i * D;
                float num = 0f;
                float den = 0f;
                float vi = v[b * L * D + i * D + c];
                for (int d = 0; d < dh; d++) {
                    if (causal == 1) {
                        float f = phi(k[o + d]);
                        s[d] += f * vi;
                        z[d] += f;
                    }
                    float p = phi(q[o + d]);
                    num += p * s[d];
                    den += p * z[d];
                }
                y[b * L * D + i * D + c] = num / den;
            }
        }
    }

    /** w[d] = sum_{i in [from, L)} phi(q_id) gy_ie / den_i, den_i read from dv[i, 0]. */
    private static void columnOfGradS(float[] q, float[] gy, float[] dv, float[] w, int base, int from, int L, int D,
                                      int dh, int e) {
        for (int d = 0; d < dh; d++) w[d] = 0f;
        for (int i = from; i < L; i++) {
            int o = base + i * D;
            float f = gy[o + e] / dv[o];
            for (int d = 0; d < dh; d++) w[d] += phi(q[o + d]) * f;
        }
    }

    /** Causal dv for channel e, walking j downwards (reads den_j from dv[j, 0] before writing dv[j, e]). */
    private static void causalValueGradient(float[] q, float[] k, float[] gy, float[] dv, float[] w, int base, int L,
                                            int D, int dh, int e) {
        for (int d = 0; d < dh; d++) w[d] = 0f;
        for (int j = L - 1; j >= 0; j--) {
            int o = base + j * D;
            float f = gy[o + e] / dv[o];
            float t = 0f;
            for (int d = 0; d < dh; d++) {
                w[d] += phi(q[o + d]) * f;
                t += phi(k[o + d]) * w[d];
            }
            dv[o + e] = t;
        }
    }

    /** phi(x) = elu(x) + 1. */
    static float phi(float x) {
        return x > 0f ? x + 1f : (float) Math.exp(x);
    }

    /** phi'(x). */
    static float dphi(float x) {
        return x > 0f ? 1f : (float) Math.exp(x);
    }
}
