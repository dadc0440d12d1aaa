package dev.ea4j.kernels;

/** Model plumbing: embeddings, positional encodings, pooling, the AdamW update and gradient-norm helpers. */
public final class ModelKernels {

    /** Elements per block of {@link #sumOfSquares}: blocks are summed separately, then in block order. */
    public static final int SUM_BLOCK = 4096;

    private ModelKernels() {}

    /** 1 - beta^step, the Adam bias correction, as every backend computes it (in double, rounded once). */
    public static float biasCorrection(float beta, int step) {
        return (float) (1.0 - Math.pow(beta, step));
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
     * One AdamW step (Loshchilov and Hutter) on n parameters: m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2,
     * w -= lr (m / (1-b1^t) / (sqrt(v / (1-b2^t)) + eps) + wd w). step t >= 1. w, g, m, v: [n].
     */
    public static void adamW(float[] w, float[] g, float[] m, float[] v, int n, float lr, float beta1, float beta2,
                             float eps, float weightDecay, int step) {
        float bc1 = biasCorrection(beta1, step);
        float bc2 = biasCorrection(beta2, step);
        for (@Parallel int i = 0; i < n; i++) {
            float gi = g[i];
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
