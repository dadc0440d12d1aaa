package dev.ea4j.kernels;

/**
 * Exact element-wise attention (Eq. 2), O(L^2 D): per channel, a softmax over j of -(q_ic - k_jc)^2 weights
 * v_jc. The reference the EA-series approximates. All arrays [B, L, D]; causal variants use j <= i. The loops live
 * in {@link ExactEaChannels}, which the {@code cpu} twin's scalar path shares.
 */
public final class ExactEaKernels {

    private ExactEaKernels() {}

    /** y_ic = sum_j softmax_j(-(q_ic - k_jc)^2) v_jc over all j. */
    public static void forward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D) {
        ExactEaChannels.forward(q, k, v, y, B, L, D, 0, 0, B * D);
    }

    /** As {@link #forward} with j <= i. */
    public static void causalForward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D) {
        ExactEaChannels.forward(q, k, v, y, B, L, D, 1, 0, B * D);
    }

    /** Gradients of {@link #forward}: dq, dk, dv from gy. */
    public static void backward(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk, float[] dv,
                                int B, int L, int D) {
        ExactEaChannels.backward(q, k, v, gy, dq, dk, dv, B, L, D, 0, 0, B * D);
    }

    /** Gradients of {@link #causalForward}. */
    public static void causalBackward(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk, float[] dv,
                                      int B, int L, int D) {
        ExactEaChannels.backward(q, k, v, gy, dq, dk, dv, B, L, D, 1, 0, B * D);
    }
}
