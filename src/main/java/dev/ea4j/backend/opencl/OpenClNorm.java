package dev.ea4j.backend.opencl;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.NormKernels;

/**
 * OpenCL twins of {@link dev.ea4j.kernels.NormKernels} (resources/opencl/norm.cl): one work-group per row
 * with local-memory reductions; dgamma and dbeta by a column reduction.
 */
final class OpenClNorm {

    private static final String FILE = "norm.cl";

    private OpenClNorm() {}

    static void register(TwinTable<OpenClSession> t) {
        t.add(NormKernels::layerNorm, s -> (x, gamma, beta, y, mean, rstd, rows, cols, eps) -> {
            int ls = s.geometry().reduceLocal();
            groups(s, "layer_norm", (long) rows * ls, ls, x, gamma, beta, y, mean, rstd, rows, cols, eps,
                    new OpenClSession.Local((long) ls * Float.BYTES));
        });
        t.add(NormKernels::layerNormBackward, s -> (x, gamma, mean, rstd, gy, gx, dgamma, dbeta, rows, cols) -> {
            int ls = s.geometry().reduceLocal();
            groups(s, "layer_norm_backward_rows", (long) rows * ls, ls, x, gamma, mean, rstd, gy, gx, rows, cols,
                    new OpenClSession.Local((long) ls * Float.BYTES));
            s.run(FILE, "layer_norm_backward_columns", cols, x, mean, rstd, gy, dgamma, dbeta, rows, cols);
        });
    }

    /** Launches {@code name} over {@code global} work-items in work-groups of exactly {@code local}. */
    private static void groups(OpenClSession s, String name, long global, int local, Object... args) {
        s.run(FILE, name, global, (long) local, args);
    }
}
