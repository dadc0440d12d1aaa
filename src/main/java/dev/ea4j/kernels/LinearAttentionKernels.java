package dev.ea4j.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;

/**
 * Linear attention (Katharopoulos et al. 2020) with feature map phi(x) = elu(x) + 1, a second baseline:
 * H heads of Dh = D/H channels, y_i = phi(q_i) sum_j phi(k_j)^T v_j / (phi(q_i) . sum_j phi(k_j)), sums over all
 * j or j <= i (causal). q, k, v, y: [B, L, D] row-major.
 *
 * <p>O(L Dh^2) per head without the Dh x Dh state: the forward pass works one output channel e at a time,
 * keeping one column S[., e] = sum_j phi(k_j) v_je and z = sum_j phi(k_j) (two Dh-vectors per (b, e)). The
 * backward passes keep one Dh-vector (a row or column of S or of its gradient) and park the per-row statistics
 * den_i = phi(q_i) . z_i and r_i = gy_i . y_i in channel 0 of the head's dv and dk rows, which are written last.
 * phi > 0, so every denominator is positive; no guard is added.
 *
 * <p>The task methods allocate their scratch per parallel iteration with the constant size {@link #MAX_HEAD_DIM}
 * (TornadoVM's private arrays need a compile-time size and are not zeroed, so every helper clears what it reads)
 * and hand one (b, channel) to {@link #forwardChannel}, or one (b, head) to three backward phases in turn; the
 * {@code cpu} twin calls the same helpers per chunk. TornadoVM refuses to inline a callee whose graph, after its
 * own callees are inlined, exceeds ~600 nodes (the task method itself is exempt), so the task method calls the
 * phases directly (a wrapper calling all three would be counted whole) and each phase stays near half that.
 * Callers must keep D / H <= {@link #MAX_HEAD_DIM} (checked where the layer is built).
 */
public final class LinearAttentionKernels {

    /** Largest head dimension Dh = D / H the task methods support (their scratch vectors have this length). */
    public static final int MAX_HEAD_DIM = 256;

    private LinearAttentionKernels() {}

    /** Non-causal forward. */
    public static void forward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H) {
        for (@Parallel int bc = 0; bc < B * D; bc++) {
            float[] s = new float[MAX_HEAD_DIM];
            float[] z = new float[MAX_HEAD_DIM];
            forwardChannel(q, k, v, y, L, D, H, 0, bc, s, z);
        }
    }

    /** Causal forward (prefix sums over j <= i). */
    public static void causalForward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H) {
        for (@Parallel int bc = 0; bc < B * D; bc++) {
            float[] s = new float[MAX_HEAD_DIM];
            float[] z = new float[MAX_HEAD_DIM];
            forwardChannel(q, k, v, y, L, D, H, 1, bc, s, z);
        }
    }

    /** Non-causal backward: dq, dk, dv from gy (sums recomputed). */
    public static void backward(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk, float[] dv,
                                int B, int L, int D, int H) {
        for (@Parallel int bh = 0; bh < B * H; bh++) {
            float[] z = new float[MAX_HEAD_DIM];
            float[] w = new float[MAX_HEAD_DIM];
            float[] gz = new float[MAX_HEAD_DIM];
            backwardStatistics(q, k, v, gy, dk, dv, L, D, H, bh, z, w);
            backwardQueryGradient(q, k, v, gy, dq, dk, dv, L, D, H, bh, z, w, gz);
            backwardKeyValueGradient(q, k, v, gy, dk, dv, L, D, H, bh, w, gz);
        }
    }

    /** Causal backward: dq, dk, dv from gy (prefix and suffix sums recomputed). */
    public static void causalBackward(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk, float[] dv,
                                      int B, int L, int D, int H) {
        for (@Parallel int bh = 0; bh < B * H; bh++) {
            float[] w = new float[MAX_HEAD_DIM];
            causalBackwardStatistics(q, k, v, gy, dk, dv, L, D, H, bh, w);
            causalBackwardQueryGradient(q, k, v, gy, dq, dk, dv, L, D, H, bh, w);
            causalBackwardKeyValueGradient(q, k, v, gy, dk, dv, L, D, H, bh, w);
        }
    }

    /**
     * y_ic = phi(q_i) . S[., c] / phi(q_i) . z for one (b, channel c) pair bc = b D + c, S[., c] = sum_j phi(k_j) v_jc
     * and z = sum_j phi(k_j) over all j, or over j <= i when causal = 1. s, z: scratch of length >= D / H.
     */
    public static void forwardChannel(float[] q, float[] k, float[] v, float[] y, int L, int D, int H, int causal,
                                      int bc, float[] s, float[] z) {
        int dh = D / H;
        int b = bc / D;
        int c = bc - b * D;
        int base = b * L * D + (c / dh) * dh;
        for (int d = 0; d < dh; d++) {
            s[d] = 0f;
            z[d] = 0f;
        }
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

    /**
     * {@link #backward}, phase 1 of 3 for one (b, head) pair bh = b H + h: z = sum_j phi(k_j), den_i = phi(q_i) . z
     * -> dv[i, 0] and r_i = gy_i . y_i -> dk[i, 0]. z, w: scratch of length >= D / H (z is read by phase 2).
     */
    public static void backwardStatistics(float[] q, float[] k, float[] v, float[] gy, float[] dk, float[] dv,
                                          int L, int D, int H, int bh, float[] z, float[] w) {
        int dh = D / H;
        int base = headBase(L, D, H, bh);
        keySum(k, z, base, L, D, dh);
        denominators(q, z, dk, dv, base, L, D, dh);
        ratios(q, k, v, gy, dk, dv, w, base, L, D, dh);
    }

    /** z_d = sum_j phi(k_jd). */
    private static void keySum(float[] k, float[] z, int base, int L, int D, int dh) {
        for (int d = 0; d < dh; d++) z[d] = 0f;
        for (int j = 0; j < L; j++) {
            for (int d = 0; d < dh; d++) z[d] += phi(k[base + j * D + d]);
        }
    }

    /** den_i = phi(q_i) . z -> dv[i, 0]; dk[i, 0] = 0 (where r_i accumulates). */
    private static void denominators(float[] q, float[] z, float[] dk, float[] dv, int base, int L, int D, int dh) {
        for (int i = 0; i < L; i++) {
            int o = base + i * D;
            float den = 0f;
            for (int d = 0; d < dh; d++) den += phi(q[o + d]) * z[d];
            dv[o] = den;
            dk[o] = 0f;
        }
    }

    /** r_i = gy_i . y_i = sum_e gy_ie phi(q_i) . S[., e] / den_i, accumulated in dk[i, 0]. */
    private static void ratios(float[] q, float[] k, float[] v, float[] gy, float[] dk, float[] dv, float[] w, int base,
                               int L, int D, int dh) {
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
    }

    /**
     * {@link #backward}, phase 2 of 3: dq_id = phi'(q_id) (S[d, .] . gy_i - z_d r_i) / den_i, and
     * gz_d = -sum_i phi(q_id) r_i / den_i (read by phase 3). w: scratch.
     */
    public static void backwardQueryGradient(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk,
                                             float[] dv, int L, int D, int H, int bh, float[] z, float[] w,
                                             float[] gz) {
        int dh = D / H;
        int base = headBase(L, D, H, bh);
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
    }

    /**
     * {@link #backward}, phase 3 of 3: dk (overwriting r in dk[., 0]), then dv channel by channel, channel 0 (which
     * holds den until then) last. w: scratch.
     */
    public static void backwardKeyValueGradient(float[] q, float[] k, float[] v, float[] gy, float[] dk, float[] dv,
                                                int L, int D, int H, int bh, float[] w, float[] gz) {
        int dh = D / H;
        int base = headBase(L, D, H, bh);
        keyGradient(q, k, v, gy, dk, dv, w, gz, base, L, D, dh);
        for (int e = dh - 1; e >= 0; e--) valueGradient(q, k, gy, dv, w, base, L, D, dh, e);
    }

    /** dk_jd = phi'(k_jd) (dS[d, .] . v_j + gz_d); overwrites r (dk[., 0]), which is no longer read. */
    private static void keyGradient(float[] q, float[] k, float[] v, float[] gy, float[] dk, float[] dv, float[] w,
                                    float[] gz, int base, int L, int D, int dh) {
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
    }

    /** dv_je = phi(k_j) . dS[., e], dS[., e] = sum_i phi(q_i) gy_ie / den_i (den_i read from dv[i, 0]). */
    private static void valueGradient(float[] q, float[] k, float[] gy, float[] dv, float[] w, int base, int L, int D,
                                      int dh, int e) {
        for (int d = 0; d < dh; d++) w[d] = 0f;
        for (int i = 0; i < L; i++) {
            int o = base + i * D;
            float f = gy[o + e] / dv[o];
            for (int d = 0; d < dh; d++) w[d] += phi(q[o + d]) * f;
        }
        for (int j = 0; j < L; j++) {
            int o = base + j * D;
            float t = 0f;
            for (int d = 0; d < dh; d++) t += phi(k[o + d]) * w[d];
            dv[o + e] = t;
        }
    }

    /**
     * {@link #causalBackward}, phase 1 of 3 for one (b, head) pair bh = b H + h: den_i = phi(q_i) . z_i -> dv[i, 0]
     * and r_i = gy_i . y_i -> dk[i, 0] (prefix sums). w: scratch of length >= D / H.
     */
    public static void causalBackwardStatistics(float[] q, float[] k, float[] v, float[] gy, float[] dk, float[] dv,
                                                int L, int D, int H, int bh, float[] w) {
        int dh = D / H;
        int base = headBase(L, D, H, bh);
        causalDenominators(q, k, dk, dv, w, base, L, D, dh);
        causalRatios(q, k, v, gy, dk, dv, w, base, L, D, dh);
    }

    /** den_i = phi(q_i) . z_i with prefix z_i = sum_{j <= i} phi(k_j) -> dv[i, 0]; dk[i, 0] = 0. */
    private static void causalDenominators(float[] q, float[] k, float[] dk, float[] dv, float[] w, int base, int L,
                                           int D, int dh) {
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
    }

    /** r_i = sum_e gy_ie phi(q_i) . S_i[., e] / den_i with prefix S_i, accumulated in dk[i, 0]. */
    private static void causalRatios(float[] q, float[] k, float[] v, float[] gy, float[] dk, float[] dv, float[] w,
                                     int base, int L, int D, int dh) {
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
    }

    /**
     * {@link #causalBackward}, phase 2 of 3: dq_id = phi'(q_id) (S_i[d, .] . gy_i - z_id r_i) / den_i with prefix
     * row S_i[d, .] and prefix z_id. w: scratch.
     */
    public static void causalBackwardQueryGradient(float[] q, float[] k, float[] v, float[] gy, float[] dq,
                                                   float[] dk, float[] dv, int L, int D, int H, int bh, float[] w) {
        int dh = D / H;
        int base = headBase(L, D, H, bh);
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
    }

    /**
     * {@link #causalBackward}, phase 3 of 3: dk (reading and then overwriting r in dk[., 0]), then dv channel by
     * channel, channel 0 (which holds den until then) last. w: scratch.
     */
    public static void causalBackwardKeyValueGradient(float[] q, float[] k, float[] v, float[] gy, float[] dk,
                                                      float[] dv, int L, int D, int H, int bh, float[] w) {
        int dh = D / H;
        int base = headBase(L, D, H, bh);
        causalKeyGradient(q, k, v, gy, dk, dv, w, base, L, D, dh);
        for (int e = dh - 1; e >= 0; e--) causalValueGradient(q, k, gy, dv, w, base, L, D, dh, e);
    }

    /**
     * dk_jd = phi'(k_jd) (G_j[d, .] . v_j + gz_jd), gz_jd = -sum_{i >= j} phi(q_id) r_i / den_i; d = 0 last (its
     * pass reads r_j from dk[j, 0] before overwriting it, walking j downwards).
     */
    private static void causalKeyGradient(float[] q, float[] k, float[] v, float[] gy, float[] dk, float[] dv,
                                          float[] w, int base, int L, int D, int dh) {
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
    }

    /**
     * dv_je = phi(k_j) . G_j[., e] with suffix G_j = sum_{i >= j} phi(q_i) gy_i^T / den_i, walking j downwards
     * (reads den_j from dv[j, 0] before writing dv[j, e]).
     */
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

    /** Offset of head h = bh mod H of batch b = bh / H in a [B, L, D] tensor: b L D + h D / H. */
    private static int headBase(int L, int D, int H, int bh) {
        int b = bh / H;
        return b * L * D + (bh - b * H) * (D / H);
    }

    /** phi(x) = elu(x) + 1. */
    static float phi(float x) {
        return x > 0f ? x + 1f : TornadoMath.exp(x);
    }

    /** phi'(x). */
    static float dphi(float x) {
        return x > 0f ? 1f : TornadoMath.exp(x);
    }
}
