package dev.ea4j.kernels;

/**
 * EA-series attention (Feng 2025, Eqs. 5-6), the reference twins. Per channel c, with even degree p and
 * a_n = 2^n/n!: y_ic = sum_n a_n q_ic^n S_nc / sum_n a_n q_ic^n Z_nc, S_nc = sum_j k_jc^n e^{-k_jc^2} v_jc,
 * Z_nc = sum_j k_jc^n e^{-k_jc^2}; sums over all j (non-causal) or j <= i (causal). All arrays
 * {@code [B, L, D]} row-major. Numerics: docs/numerics.md.
 */
public final class EaSeriesKernels {

    private EaSeriesKernels() {}

    /** Non-causal EA-p forward: y = EA_p(q, k, v). q, k, v, y: [B, L, D]. */
    public static void forward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int p) {
        // TODO(skeleton)
    }

    /** Causal EA-p forward (prefix sums over j <= i). q, k, v, y: [B, L, D]. */
    public static void causalForward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int p) {
        // TODO(skeleton)
    }

    /** Non-causal EA-p backward: dq, dk, dv from gy, recomputing the sums. All [B, L, D]. */
    public static void backward(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk, float[] dv,
                                int B, int L, int D, int p) {
        // TODO(skeleton)
    }

    /**
     * Causal EA-p backward: dq, dk, dv from gy and the forward output y. work: [2, B, L, D] scratch.
     * All others [B, L, D].
     */
    public static void causalBackward(float[] q, float[] k, float[] v, float[] y, float[] gy, float[] dq, float[] dk,
                                      float[] dv, float[] work, int B, int L, int D, int p) {
        // TODO(skeleton)
    }
}
