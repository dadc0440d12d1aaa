package dev.ea4j.kernels;

/**
 * Linear attention (Katharopoulos et al. 2020) with feature map phi(x) = elu(x) + 1, a second baseline:
 * H heads of Dh = D/H channels, y_i = phi(q_i) sum_j phi(k_j)^T v_j / (phi(q_i) . sum_j phi(k_j)), sums over all
 * j or j <= i (causal). q, k, v, y: [B, L, D] row-major.
 */
public final class LinearAttentionKernels {

    private LinearAttentionKernels() {}

    /** Non-causal forward. */
    public static void forward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H) {
        // TODO(skeleton)
    }

    /** Causal forward (prefix sums over j <= i). */
    public static void causalForward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H) {
        // TODO(skeleton)
    }

    /** Non-causal backward: dq, dk, dv from gy (sums recomputed). */
    public static void backward(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk, float[] dv,
                                int B, int L, int D, int H) {
        // TODO(skeleton)
    }

    /** Causal backward: dq, dk, dv from gy (prefix and suffix sums recomputed). */
    public static void causalBackward(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk, float[] dv,
                                      int B, int L, int D, int H) {
        // TODO(skeleton)
    }
}
