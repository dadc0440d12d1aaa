package dev.ea4j.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/** Model plumbing: embeddings, positional encodings, pooling, the AdamW update and gradient-norm helpers. */
public final class ModelKernels {

    /** Elements per block of {@link #sumOfSquares}: blocks are summed separately, then in block order. */
    public static final int SUM_BLOCK = 4096;

    /**
     * Length of the {@link #adamW} settings array:
     * hyper = [lr, beta1, beta2, eps, weightDecay, step t >= 1, gradScale].
     */
    public static final int ADAMW_HYPER_LENGTH = 7;

    private ModelKernels() {}

    /**
     * 1 - beta^step, the Adam bias correction, with the step as read from hyper[5]: pow in float, then
     * 1 - that in float. The cpu twin calls this; model.cl's adamw computes the same formula in float.
     */
    public static float biasCorrection(float beta, float step) {
        return 1f - (float) Math.pow(beta, step);
    }

    /** out[n, :] = table[ids[n], :]. ids: [N]; table: [V, D]; out: [N, D]. */
    public static void embeddingLookup(int[] ids, float[] table, float[] out, int N, int V, int D) {
        for (@Parallel int r = 0; r < N; r++) {
            int src = ids[r] * D;
            for (int c = 0; c < D; c++) out[r * D + c] = table[src + c];
        }
    }

    /** gtable[v, :] = sum_{n: ids[n] = v} gout[n, :] (overwrites gtable). ids: [N]; gout: [N, D]; gtable: [V, D]. */
    public static void embeddingBackward(int[] ids, float[] gout, float[] gtable, int N, int V, int D) {
        for (@Parallel int c = 0; c < D; c++) {
            for (int t = 0; t < V; t++) gtable[t * D + c] = 0f;
            for (int r = 0; r < N; r++) gtable[ids[r] * D + c] += gout[r * D + c];
        }
    }

    /** out[b, l, :] = x[b, l, :] + pe[l, :]. x, out: [B, L, D]; pe: [>= L, D]. */
    public static void addPositional(float[] x, float[] pe, float[] out, int B, int L, int D) {
        for (@Parallel int bl = 0; bl < B * L; bl++) {
            int l = bl % L;
            for (int c = 0; c < D; c++) out[bl * D + c] = x[bl * D + c] + pe[l * D + c];
        }
    }

    /** gpe[l, :] = sum_b gout[b, l, :] (overwrites the first L rows). gout: [B, L, D]; gpe: [>= L, D]. */
    public static void positionalBackward(float[] gout, float[] gpe, int B, int L, int D) {
        for (@Parallel int lc = 0; lc < L * D; lc++) {
            float s = 0f;
            for (int b = 0; b < B; b++) s += gout[b * L * D + lc];
            gpe[lc] = s;
        }
    }

    /** out[b, :] = mean_l x[b, l, :]. x: [B, L, D]; out: [B, D]. */
    public static void meanPool(float[] x, float[] out, int B, int L, int D) {
        for (@Parallel int bc = 0; bc < B * D; bc++) {
            int b = bc / D;
            int c = bc - b * D;
            float s = 0f;
            for (int l = 0; l < L; l++) s += x[(b * L + l) * D + c];
            out[bc] = s / L;
        }
    }

    /** gx[b, l, :] = gout[b, :] / L. gout: [B, D]; gx: [B, L, D]. */
    public static void meanPoolBackward(float[] gout, float[] gx, int B, int L, int D) {
        for (@Parallel int bl = 0; bl < B * L; bl++) {
            int b = bl / L;
            for (int c = 0; c < D; c++) gx[bl * D + c] = gout[b * D + c] / L;
        }
    }

    /**
     * One AdamW step (Loshchilov and Hutter) on n parameters with its settings in an array, so one task
     * graph serves every step: hyper = [lr, beta1, beta2, eps, weightDecay, step t >= 1, gradScale]
     * ({@link #ADAMW_HYPER_LENGTH}). g' = gradScale g (global-norm clipping); m = b1 m + (1-b1) g';
     * v = b2 v + (1-b2) g'^2; w -= lr (m / (1-b1^t) / (sqrt(v / (1-b2^t)) + eps) + wd w), the bias
     * corrections as {@link #biasCorrection}. w, g, m, v: [n]; hyper: [7].
     */
    public static void adamW(float[] w, float[] g, float[] m, float[] v, float[] hyper, int n) {
        float lr = hyper[0], beta1 = hyper[1], beta2 = hyper[2], eps = hyper[3], weightDecay = hyper[4];
        float gradScale = hyper[6];
        float bc1 = biasCorrection(beta1, hyper[5]);
        float bc2 = biasCorrection(beta2, hyper[5]);
        for (@Parallel int i = 0; i < n; i++) {
            float gi = g[i] * gradScale;
            float mi = beta1 * m[i] + (1f - beta1) * gi;
            float vi = beta2 * v[i] + (1f - beta2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            float mhat = mi / bc1;
            float vhat = vi / bc2;
            w[i] -= lr * (mhat / ((float) Math.sqrt(vhat) + eps) + weightDecay * w[i]);
        }
    }

    /** out[0] = sum_i x_i^2 (summed in a fixed order, so results do not depend on threads). x: [n]; out: [1]. */
    public static void sumOfSquares(float[] x, float[] out, int n) {
        // blocks of SUM_BLOCK in order, each summed in double; the cpu and opencl twins keep the same blocks
        double total = 0;
        for (int from = 0; from < n; from += SUM_BLOCK) {
            int to = Math.min(n, from + SUM_BLOCK);
            double s = 0;
            for (int i = from; i < to; i++) s += (double) x[i] * x[i];
            total += s;
        }
        out[0] = (float) total;
    }

    /** x *= factor in place. x: [n]. */
    public static void scale(float[] x, float factor, int n) {
        for (@Parallel int i = 0; i < n; i++) x[i] *= factor;
    }
}
