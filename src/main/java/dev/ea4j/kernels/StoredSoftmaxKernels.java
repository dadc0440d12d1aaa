package dev.ea4j.kernels;

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
        // TODO(skeleton)
    }

    /** Causal forward (probs of j > i are 0). */
    public static void causalForward(float[] q, float[] k, float[] v, float[] y, float[] probs, int B, int L, int D,
                                     int H) {
        // TODO(skeleton)
    }

    /** Backward from the stored probs (both forms: masked entries are 0): dq, dk, dv from gy. */
    public static void backward(float[] q, float[] k, float[] v, float[] probs, float[] gy, float[] dq, float[] dk,
                                float[] dv, int B, int L, int D, int H) {
        // TODO(skeleton)
    }
}
