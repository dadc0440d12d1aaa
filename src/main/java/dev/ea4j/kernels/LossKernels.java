package dev.ea4j.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/** Losses with their gradients, means over rows (or elements). */
public final class LossKernels {

    private LossKernels() {}

    /** A label that takes no part in {@link #softmaxCrossEntropy}: its row gets zero gradient and no loss. */
    public static final int IGNORE = -1;

    /**
     * Softmax cross-entropy: loss[0] = mean over the rows whose label is not {@link #IGNORE} (any negative
     * label) of -log softmax(logits_r)[labels_r]; grad = d loss / d logits (zero on ignored rows). With no
     * counted row, loss[0] = 0 and grad = 0. logits, grad: [rows, classes]; labels: [rows]; loss: [1].
     */
    public static void softmaxCrossEntropy(float[] logits, int[] labels, float[] loss, float[] grad, int rows,
                                           int classes) {
        int counted = 0;
        for (int r = 0; r < rows; r++) if (labels[r] >= 0) counted++;
        float invRows = counted == 0 ? 0f : 1f / counted;
        // grad_rc = (softmax_rc - [c == label_r]) / counted, 0 for ignored rows
        for (@Parallel int r = 0; r < rows; r++) {
            int o = r * classes;
            if (labels[r] < 0) {
                for (int c = 0; c < classes; c++) grad[o + c] = 0f;
                continue;
            }
            float m = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) m = Math.max(m, logits[o + c]);
            float s = 0f;
            for (int c = 0; c < classes; c++) s += (float) Math.exp(logits[o + c] - m);
            float inv = 1f / s;
            for (int c = 0; c < classes; c++) grad[o + c] = (float) Math.exp(logits[o + c] - m) * inv * invRows;
            grad[o + labels[r]] -= invRows;
        }
        // loss = mean_r (logsumexp_r - logit_r[label_r]); a reduction, so sequential
        double total = 0.0;
        for (int r = 0; r < rows; r++) {
            if (labels[r] < 0) continue;
            int o = r * classes;
            float m = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) m = Math.max(m, logits[o + c]);
            float s = 0f;
            for (int c = 0; c < classes; c++) s += (float) Math.exp(logits[o + c] - m);
            total += m + Math.log(s) - logits[o + labels[r]];
        }
        loss[0] = counted == 0 ? 0f : (float) (total / counted);
    }

    /** Mean squared error: loss[0] = mean (pred - target)^2; grad = d loss / d pred. pred, target, grad: [n]. */
    public static void meanSquaredError(float[] pred, float[] target, float[] loss, float[] grad, int n) {
        float g = 2f / n;
        for (@Parallel int i = 0; i < n; i++) grad[i] = g * (pred[i] - target[i]);
        double total = 0.0;
        for (int i = 0; i < n; i++) {
            double d = (double) pred[i] - target[i];
            total += d * d;
        }
        loss[0] = (float) (total / n);
    }
}
