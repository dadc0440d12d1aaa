package dev.ea4j.kernels;

/** Losses with their gradients, means over rows (or elements). */
public final class LossKernels {

    private LossKernels() {}

    /**
     * Softmax cross-entropy: loss[0] = mean_r -log softmax(logits_r)[labels_r]; grad = d loss / d logits.
     * logits, grad: [rows, classes]; labels: [rows]; loss: [1].
     */
    public static void softmaxCrossEntropy(float[] logits, int[] labels, float[] loss, float[] grad, int rows,
                                           int classes) {
        // TODO(skeleton)
    }

    /** Mean squared error: loss[0] = mean (pred - target)^2; grad = d loss / d pred. pred, target, grad: [n]. */
    public static void meanSquaredError(float[] pred, float[] target, float[] loss, float[] grad, int n) {
        // TODO(skeleton)
    }
}
