package dev.ea4j.kernels;

/**
 * Multi-head softmax dot-product attention, the paper's baseline: H heads of Dh = D/H channels,
 * y = softmax(q k^T / sqrt(Dh)) v per head. q, k, v, y: [B, L, D] row-major, head h owns channels
 * [h*Dh, (h+1)*Dh).
 */
public final class SoftmaxAttentionKernels {

    private SoftmaxAttentionKernels() {}

    /** Non-causal forward. */
    public static void forward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H) {
        // TODO(skeleton)
    }

    /** Causal forward (j <= i). */
    public static void causalForward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H) {
        // TODO(skeleton)
    }

    /** Non-causal backward: dq, dk, dv from gy and the forward output y (softmax recomputed). */
    public static void backward(float[] q, float[] k, float[] v, float[] y, float[] gy, float[] dq, float[] dk,
                                float[] dv, int B, int L, int D, int H) {
        // TODO(skeleton)
    }

    /** Causal backward. */
    public static void causalBackward(float[] q, float[] k, float[] v, float[] y, float[] gy, float[] dq, float[] dk,
                                      float[] dv, int B, int L, int D, int H) {
        // TODO(skeleton)
    }

    /** Writes token {@code pos}'s k, v ([B, D]) into the caches kCache, vCache: [B, capacity, D]. */
    public static void appendKv(float[] k, float[] v, float[] kCache, float[] vCache, int B, int D, int pos,
                                int capacity) {
        // TODO(skeleton)
    }

    /** Decode step: y = attention of q ([B, D]) over cached positions 0..pos. y: [B, D]. */
    public static void decodeStep(float[] q, float[] kCache, float[] vCache, float[] y, int B, int D, int H, int pos,
                                  int capacity) {
        // TODO(skeleton)
    }
}
