package dev.ea4j.kernels;

/**
 * The AdamW update (Loshchilov and Hutter 2019) with its per-step settings in a small array, so one task
 * graph serves every step: hyper = [lr, beta1, beta2, eps, weightDecay, step t >= 1, gradScale].
 */
public final class OptimizerKernels {

    /** Length of the hyper array. */
    public static final int HYPER_LENGTH = 7;

    private OptimizerKernels() {}

    /**
     * g' = gradScale g; m = b1 m + (1-b1) g'; v = b2 v + (1-b2) g'^2;
     * w -= lr (m / (1-b1^t) / (sqrt(v / (1-b2^t)) + eps) + wd w). w, g, m, v: [n]; hyper: [7].
     */
    public static void adamW(float[] w, float[] g, float[] m, float[] v, float[] hyper, int n) {
        adamWRange(w, g, m, v, hyper, 0, n);
    }

    /** {@link #adamW} on elements [from, to) (the slice a parallel backend gives one core). */
    public static void adamWRange(float[] w, float[] g, float[] m, float[] v, float[] hyper, int from, int to) {
        float lr = hyper[0], b1 = hyper[1], b2 = hyper[2], eps = hyper[3], wd = hyper[4], scale = hyper[6];
        float c1 = 1f / (1f - (float) Math.pow(b1, hyper[5]));
        float c2 = 1f / (1f - (float) Math.pow(b2, hyper[5]));
        for (@Parallel int i = from; i < to; i++) {
            float gi = g[i] * scale;
            m[i] = b1 * m[i] + (1f - b1) * gi;
            v[i] = b2 * v[i] + (1f - b2) * gi * gi;
            w[i] -= lr * (m[i] * c1 / ((float) Math.sqrt(v[i] * c2) + eps) + wd * w[i]);
        }
    }
}
