package dev.ea4j.backend.opencl;

import static dev.ea4j.backend.opencl.OpenClEaSeries.i;

import dev.ea4j.kernels.ModelKernels;
import java.util.Map;

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

    static void register(Map<String, OpenClKernel> m) {
        // (ids, table, out, N, V, D)
        m.put("ModelKernels.embeddingLookup", (s, a) ->
                s.run(FILE, "embedding_lookup", (long) i(a[3]) * i(a[5]), a));
        // (ids, gout, gtable, N, V, D)
        m.put("ModelKernels.embeddingBackward", (s, a) ->
                s.run(FILE, "embedding_backward", (long) i(a[4]) * i(a[5]), a));
        // (x, pe, out, B, L, D)
        m.put("ModelKernels.addPositional", (s, a) ->
                s.run(FILE, "add_positional", (long) i(a[3]) * i(a[4]) * i(a[5]), a));
        // (gout, gpe, B, L, D)
        m.put("ModelKernels.positionalBackward", (s, a) ->
                s.run(FILE, "positional_backward", (long) i(a[3]) * i(a[4]), a));
        // (x, out, B, L, D)
        m.put("ModelKernels.meanPool", (s, a) -> s.run(FILE, "mean_pool", (long) i(a[2]) * i(a[4]), a));
        // (gout, gx, B, L, D)
        m.put("ModelKernels.meanPoolBackward", (s, a) ->
                s.run(FILE, "mean_pool_backward", (long) i(a[2]) * i(a[3]) * i(a[4]), a));
        // (w, g, m, v, hyper, n); hyper lives on the device, so the kernel reads it and computes 1 - beta^t
        m.put("ModelKernels.adamW", (s, a) -> s.run(FILE, "adamw", i(a[5]), a));
        // (x, out, n)
        m.put("ModelKernels.sumOfSquares", (s, a) -> sumOfSquares(s, a[0], a[1], i(a[2])));
        // (x, factor, n)
        m.put("ModelKernels.scale", (s, a) -> s.run(FILE, "scale", i(a[2]), a));
    }

    private static void sumOfSquares(OpenClSession s, Object x, Object out, int n) {
        int ls = Integer.highestOneBit(Math.max(1, Math.min(256, s.local())));
        int groups = (int) Math.max(1, Math.min(MAX_GROUPS, ((long) n + ls - 1) / ls));
        float[] partial = OpenClEaSeries.scratch(s, "sumsq", groups);
        OpenClSession.Local red = new OpenClSession.Local((long) ls * Float.BYTES);
        s.run(FILE, "sum_squares_partial", (long) groups * ls, (long) ls, new Object[] {x, partial, n, red});
        s.run(FILE, "sum_partials", (long) ls, (long) ls, new Object[] {partial, groups, out, red});
    }
}
