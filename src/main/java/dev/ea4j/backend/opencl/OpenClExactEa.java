package dev.ea4j.backend.opencl;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.ExactEaKernels;

/**
 * OpenCL twins of {@link dev.ea4j.kernels.ExactEaKernels} (resources/opencl/exact_ea.cl). Forward: one
 * work-item per (b, i, c). Backward: a row pass per (b, i, c) (dq, and each row's softmax max, sum and y
 * in a launcher-owned device scratch [3, B, L, D]), then a key pass per (b, j, c) gathering dk, dv.
 */
final class OpenClExactEa {

    static final String FILE = "exact_ea.cl";

    private OpenClExactEa() {}

    static void register(TwinTable<OpenClSession> t) {
        t.add(ExactEaKernels::forward, s -> (q, k, v, y, B, L, D) -> forward(s, q, k, v, y, B, L, D, 0));
        t.add(ExactEaKernels::causalForward, s -> (q, k, v, y, B, L, D) -> forward(s, q, k, v, y, B, L, D, 1));
        t.add(ExactEaKernels::backward, s -> (q, k, v, gy, dq, dk, dv, B, L, D) ->
                backward(s, q, k, v, gy, dq, dk, dv, B, L, D, 0));
        t.add(ExactEaKernels::causalBackward, s -> (q, k, v, gy, dq, dk, dv, B, L, D) ->
                backward(s, q, k, v, gy, dq, dk, dv, B, L, D, 1));
    }

    private static void forward(OpenClSession s, float[] q, float[] k, float[] v, float[] y, int B, int L, int D,
                                int causal) {
        s.run(FILE, "exact_ea_run", (long) B * L * D, q, k, v, y, B, L, D, causal);
    }

    static void backward(OpenClSession s, float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk,
                         float[] dv, int B, int L, int D, int causal) {
        int n = B * L * D;
        float[] stats = s.scratch("exact_ea.stats", 3 * n);
        s.run(FILE, "exact_ea_gradient_rows", n, q, k, v, gy, dq, stats, B, L, D, causal);
        s.run(FILE, "exact_ea_gradient_keys", n, q, k, v, gy, dk, dv, stats, B, L, D, causal);
    }
}
