package dev.ea4j.backend.opencl;

import java.util.Map;

/**
 * OpenCL twins of {@link dev.ea4j.kernels.NormKernels} (resources/opencl/norm.cl): one work-group per row
 * with local-memory reductions; dgamma and dbeta by a column reduction.
 */
final class OpenClNorm {

    private static final String FILE = "norm.cl";

    private OpenClNorm() {}

    static void register(Map<String, OpenClKernel> m) {
        // (x, gamma, beta, y, mean, rstd, rows, cols, eps)
        m.put("NormKernels.layerNorm", (s, a) -> {
            int rows = (Integer) a[6], cols = (Integer) a[7];
            int ls = s.geometry().reduceLocal();
            groups(s, "layer_norm", (long) rows * ls, ls, a[0], a[1], a[2], a[3], a[4], a[5], rows, cols, a[8],
                    new OpenClSession.Local((long) ls * Float.BYTES));
        });
        // (x, gamma, mean, rstd, gy, gx, dgamma, dbeta, rows, cols)
        m.put("NormKernels.layerNormBackward", (s, a) -> {
            int rows = (Integer) a[8], cols = (Integer) a[9];
            int ls = s.geometry().reduceLocal();
            groups(s, "layer_norm_backward_rows", (long) rows * ls, ls, a[0], a[1], a[2], a[3], a[4], a[5], rows,
                    cols, new OpenClSession.Local((long) ls * Float.BYTES));
            s.run(FILE, "layer_norm_backward_columns", cols, a[0], a[2], a[3], a[4], a[6], a[7], rows, cols);
        });
    }

    /** Launches {@code name} over {@code global} work-items in work-groups of exactly {@code local}. */
    private static void groups(OpenClSession s, String name, long global, int local, Object... args) {
        s.run(FILE, name, global, (long) local, args);
    }
}
