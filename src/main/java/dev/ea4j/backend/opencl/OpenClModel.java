package dev.ea4j.backend.opencl;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.ModelKernels;

/**
 * OpenCL twins of {@link ModelKernels} (resources/opencl/model.cl): one work-item per output element
 * (embeddingBackward: per (v, c), summing its rows in order, so there are no atomics); sumOfSquares is a
 * strided partial per work-item, a work-group tree reduction into one partial per group (at most
 * {@link #MAX_GROUPS}), and a second one-group pass into out[0]. AdamW reads its settings array on the
 * device and computes the bias corrections 1 - beta^t in the kernel, in float, as
 * {@link ModelKernels#biasCorrection} does.
 */
final class OpenClModel {

    static final String FILE = "model.cl";

    /** Most work-groups of the sum-of-squares partial pass. */
    static final int MAX_GROUPS = 256;

    private OpenClModel() {}

    static void register(TwinTable<OpenClSession> t) {
        t.add(ModelKernels::embeddingLookup, s -> (ids, table, out, N, V, D) ->
                s.run(FILE, "embedding_lookup", (long) N * D, ids, table, out, N, V, D));
        t.add(ModelKernels::embeddingBackward, s -> (ids, gout, gtable, N, V, D) ->
                s.run(FILE, "embedding_backward", (long) V * D, ids, gout, gtable, N, V, D));
        t.add(ModelKernels::addPositional, s -> (x, pe, out, B, L, D) ->
                s.run(FILE, "add_positional", (long) B * L * D, x, pe, out, B, L, D));
        t.add(ModelKernels::positionalBackward, s -> (gout, gpe, B, L, D) ->
                s.run(FILE, "positional_backward", (long) L * D, gout, gpe, B, L, D));
        t.add(ModelKernels::meanPool, s -> (x, out, B, L, D) ->
                s.run(FILE, "mean_pool", (long) B * D, x, out, B, L, D));
        t.add(ModelKernels::meanPoolBackward, s -> (gout, gx, B, L, D) ->
                s.run(FILE, "mean_pool_backward", (long) B * L * D, gout, gx, B, L, D));
        // hyper lives on the device, so the kernel reads it and computes 1 - beta^t
        t.add(ModelKernels::adamW, s -> (w, g, m, v, hyper, n) -> s.run(FILE, "adamw", n, w, g, m, v, hyper, n));
        t.add(ModelKernels::sumOfSquares, s -> (x, out, n) -> sumOfSquares(s, x, out, n));
        t.add(ModelKernels::scale, s -> (x, factor, n) -> s.run(FILE, "scale", n, x, factor, n));
    }

    private static void sumOfSquares(OpenClSession s, float[] x, float[] out, int n) {
        int ls = Integer.highestOneBit(Math.max(1, Math.min(256, s.local())));
        int groups = (int) Math.max(1, Math.min(MAX_GROUPS, ((long) n + ls - 1) / ls));
        float[] partial = s.scratch("model.sumsq", groups);
        OpenClSession.Local red = new OpenClSession.Local((long) ls * Float.BYTES);
        s.run(FILE, "sum_squares_partial", (long) groups * ls, (long) ls, new Object[] {x, partial, n, red});
        s.run(FILE, "sum_partials", (long) ls, (long) ls, new Object[] {partial, groups, out, red});
    }
}
