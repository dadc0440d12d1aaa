package dev.ea4j.kernels;

/** Model plumbing: embeddings, positional encodings, pooling, the AdamW update and gradient-norm helpers. */
public final class ModelKernels {

    private ModelKernels() {}

    /** out[n, :] = table[ids[n], :]. ids: [N]; table: [V, D]; out: [N, D]. */
    public static void embeddingLookup(int[] ids, float[] table, float[] out, int N, int V, int D) {
        // TODO(skeleton)
    }

    /** gtable[v, :] = sum_{n: ids[n] = v} gout[n, :] (overwrites gtable). ids: [N]; gout: [N, D]; gtable: [V, D]. */
    public static void embeddingBackward(int[] ids, float[] gout, float[] gtable, int N, int V, int D) {
        // TODO(skeleton)
    }

    /** out[b, l, :] = x[b, l, :] + pe[l, :]. x, out: [B, L, D]; pe: [>= L, D]. */
    public static void addPositional(float[] x, float[] pe, float[] out, int B, int L, int D) {
        // TODO(skeleton)
    }

    /** gpe[l, :] = sum_b gout[b, l, :] (overwrites the first L rows). gout: [B, L, D]; gpe: [>= L, D]. */
    public static void positionalBackward(float[] gout, float[] gpe, int B, int L, int D) {
        // TODO(skeleton)
    }

    /** out[b, :] = mean_l x[b, l, :]. x: [B, L, D]; out: [B, D]. */
    public static void meanPool(float[] x, float[] out, int B, int L, int D) {
        // TODO(skeleton)
    }

    /** gx[b, l, :] = gout[b, :] / L. gout: [B, D]; gx: [B, L, D]. */
    public static void meanPoolBackward(float[] gout, float[] gx, int B, int L, int D) {
        // TODO(skeleton)
    }

    /**
     * One AdamW step (Loshchilov and Hutter) on n parameters: m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2,
     * w -= lr (m / (1-b1^t) / (sqrt(v / (1-b2^t)) + eps) + wd w). step t >= 1. w, g, m, v: [n].
     */
    public static void adamW(float[] w, float[] g, float[] m, float[] v, int n, float lr, float beta1, float beta2,
                             float eps, float weightDecay, int step) {
        // TODO(skeleton)
    }

    /** out[0] = sum_i x_i^2 (summed in a fixed order, so results do not depend on threads). x: [n]; out: [1]. */
    public static void sumOfSquares(float[] x, float[] out, int n) {
        // TODO(skeleton)
    }

    /** x *= factor in place. x: [n]. */
    public static void scale(float[] x, float factor, int n) {
        // TODO(skeleton)
    }
}
