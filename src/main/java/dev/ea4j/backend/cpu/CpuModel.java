package dev.ea4j.backend.cpu;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.ModelKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code cpu} twins of {@link ModelKernels}. Gathers and scatters (embeddings, pooling, positional gradient)
 * are parallel scalar loops; the element-wise AdamW step, scale, the positional add and the sum of squares
 * have a Vector API body plus scalar tail, and take a {@code vector} flag (false: the scalar path).
 * {@link #sumOfSquares} sums fixed blocks of {@link ModelKernels#SUM_BLOCK} elements in parallel and adds the
 * block sums in block order, so its result does not depend on the number of threads.
 */
public final class CpuModel {

    private static final VectorSpecies<Float> S = VectorConfig.FLOATS;

    private CpuModel() {}

    /** Registers the twins under {@code ModelKernels.method}. */
    static void register(TwinTable<CpuPool> t) {
        t.add(ModelKernels::embeddingLookup, pool -> (ids, table, out, N, V, D) -> embeddingLookup(ids, table, out, N,
                V, D, pool));
        t.add(ModelKernels::embeddingBackward, pool -> (ids, gout, gtable, N, V, D) -> embeddingBackward(ids, gout,
                gtable, N, V, D, pool));
        t.add(ModelKernels::addPositional, pool -> (x, pe, out, B, L, D) -> addPositional(x, pe, out, B, L, D, pool,
                VectorConfig.vectorized()));
        t.add(ModelKernels::positionalBackward, pool -> (gout, gpe, B, L, D) -> positionalBackward(gout, gpe, B, L, D,
                pool));
        t.add(ModelKernels::meanPool, pool -> (x, out, B, L, D) -> meanPool(x, out, B, L, D, pool));
        t.add(ModelKernels::meanPoolBackward, pool -> (gout, gx, B, L, D) -> meanPoolBackward(gout, gx, B, L, D, pool));
        t.add(ModelKernels::adamW, pool -> (w, g, m, v, hyper, n) -> adamW(w, g, m, v, hyper, n, pool,
                VectorConfig.vectorized()));
        t.add(ModelKernels::sumOfSquares, pool -> (x, out, n) -> sumOfSquares(x, out, n, pool,
                VectorConfig.vectorized()));
        t.add(ModelKernels::scale, pool -> (x, factor, n) -> scale(x, factor, n, pool, VectorConfig.vectorized()));
    }

    /** out[n, :] = table[ids[n], :]. */
    public static void embeddingLookup(int[] ids, float[] table, float[] out, int N, int V, int D, CpuPool pool) {
        pool.parallelFor(N, (from, to) -> {
            for (int r = from; r < to; r++) System.arraycopy(table, ids[r] * D, out, r * D, D);
        });
    }

    /** gtable[v, :] = sum_{n: ids[n] = v} gout[n, :]; threads split the columns, so no two write one element. */
    public static void embeddingBackward(int[] ids, float[] gout, float[] gtable, int N, int V, int D, CpuPool pool) {
        pool.parallelFor(D, (from, to) -> {
            for (int t = 0; t < V; t++) {
                for (int c = from; c < to; c++) gtable[t * D + c] = 0f;
            }
            for (int r = 0; r < N; r++) {
                int dst = ids[r] * D, src = r * D;
                for (int c = from; c < to; c++) gtable[dst + c] += gout[src + c];
            }
        });
    }

    /** out[b, l, :] = x[b, l, :] + pe[l, :]. */
    public static void addPositional(float[] x, float[] pe, float[] out, int B, int L, int D, CpuPool pool,
                                     boolean vector) {
        pool.parallelFor(B * L, (from, to) -> {
            for (int bl = from; bl < to; bl++) {
                int o = bl * D, po = (bl % L) * D;
                int c = 0;
                if (vector) {
                    for (int bound = S.loopBound(D); c < bound; c += S.length()) {
                        FloatVector.fromArray(S, x, o + c).add(FloatVector.fromArray(S, pe, po + c)).intoArray(out, o + c);
                    }
                }
                for (; c < D; c++) out[o + c] = x[o + c] + pe[po + c];
            }
        });
    }

    /** gpe[l, :] = sum_b gout[b, l, :]. */
    public static void positionalBackward(float[] gout, float[] gpe, int B, int L, int D, CpuPool pool) {
        pool.parallelFor(L * D, (from, to) -> {
            for (int lc = from; lc < to; lc++) {
                float s = 0f;
                for (int b = 0; b < B; b++) s += gout[b * L * D + lc];
                gpe[lc] = s;
            }
        });
    }

    /** out[b, :] = mean_l x[b, l, :]; threads split the (b, c) outputs. */
    public static void meanPool(float[] x, float[] out, int B, int L, int D, CpuPool pool) {
        pool.parallelFor(B * D, (from, to) -> {
            for (int bc = from; bc < to; bc++) {
                int b = bc / D, c = bc - b * D;
                float s = 0f;
                for (int l = 0; l < L; l++) s += x[(b * L + l) * D + c];
                out[bc] = s / L;
            }
        });
    }

    /** gx[b, l, :] = gout[b, :] / L. */
    public static void meanPoolBackward(float[] gout, float[] gx, int B, int L, int D, CpuPool pool) {
        pool.parallelFor(B * L, (from, to) -> {
            for (int bl = from; bl < to; bl++) {
                int b = bl / L;
                for (int c = 0; c < D; c++) gx[bl * D + c] = gout[b * D + c] / L;
            }
        });
    }

    /**
     * One AdamW step with hyper = [lr, beta1, beta2, eps, weightDecay, step, gradScale], bias corrections as
     * {@link ModelKernels#biasCorrection}, gradients multiplied by gradScale first.
     */
    public static void adamW(float[] w, float[] g, float[] m, float[] v, float[] hyper, int n, CpuPool pool,
                             boolean vector) {
        float lr = hyper[0], beta1 = hyper[1], beta2 = hyper[2], eps = hyper[3], weightDecay = hyper[4];
        float gradScale = hyper[6];
        float bc1 = ModelKernels.biasCorrection(beta1, hyper[5]);
        float bc2 = ModelKernels.biasCorrection(beta2, hyper[5]);
        int grain = vector ? VectorConfig.lanes() : 1;
        pool.parallelFor(n, grain, (from, to) -> {
            int i = from;
            if (vector) {
                for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
                    FloatVector gi = FloatVector.fromArray(S, g, i).mul(gradScale);
                    FloatVector mi = FloatVector.fromArray(S, m, i).mul(beta1).add(gi.mul(1f - beta1));
                    FloatVector vi = FloatVector.fromArray(S, v, i).mul(beta2).add(gi.mul(gi).mul(1f - beta2));
                    mi.intoArray(m, i);
                    vi.intoArray(v, i);
                    FloatVector wi = FloatVector.fromArray(S, w, i);
                    FloatVector upd = mi.div(bc1).div(vi.div(bc2).lanewise(VectorOperators.SQRT).add(eps))
                            .add(wi.mul(weightDecay));
                    wi.sub(upd.mul(lr)).intoArray(w, i);
                }
            }
            for (; i < to; i++) {
                float gi = g[i] * gradScale;
                float mi = beta1 * m[i] + (1f - beta1) * gi;
                float vi = beta2 * v[i] + (1f - beta2) * gi * gi;
                m[i] = mi;
                v[i] = vi;
                w[i] -= lr * (mi / bc1 / ((float) Math.sqrt(vi / bc2) + eps) + weightDecay * w[i]);
            }
        });
    }

    /** out[0] = sum x_i^2: block sums (double) in parallel, added in block order. */
    public static void sumOfSquares(float[] x, float[] out, int n, CpuPool pool, boolean vector) {
        int blocks = (n + ModelKernels.SUM_BLOCK - 1) / ModelKernels.SUM_BLOCK;
        double[] partial = new double[blocks];
        pool.parallelFor(blocks, (bFrom, bTo) -> {
            for (int blk = bFrom; blk < bTo; blk++) {
                int from = blk * ModelKernels.SUM_BLOCK, to = Math.min(n, from + ModelKernels.SUM_BLOCK);
                int i = from;
                double s = 0;
                if (vector) {
                    // float lanes over short stretches, folded into the double sum every 64 vectors
                    int bound = from + S.loopBound(to - from);
                    while (i < bound) {
                        int stop = Math.min(bound, i + 64 * S.length());
                        FloatVector acc = FloatVector.zero(S);
                        for (; i < stop; i += S.length()) {
                            FloatVector xv = FloatVector.fromArray(S, x, i);
                            acc = xv.fma(xv, acc);
                        }
                        s += LaneSums.sum(acc);
                    }
                }
                for (; i < to; i++) s += (double) x[i] * x[i];
                partial[blk] = s;
            }
        });
        double total = 0;
        for (double p : partial) total += p;
        out[0] = (float) total;
    }

    /** x *= factor. */
    public static void scale(float[] x, float factor, int n, CpuPool pool, boolean vector) {
        int grain = vector ? VectorConfig.lanes() : 1;
        pool.parallelFor(n, grain, (from, to) -> {
            int i = from;
            if (vector) {
                for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
                    FloatVector.fromArray(S, x, i).mul(factor).intoArray(x, i);
                }
            }
            for (; i < to; i++) x[i] *= factor;
        });
    }
}
