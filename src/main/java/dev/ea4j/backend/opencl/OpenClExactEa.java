package dev.ea4j.backend.opencl;

import static dev.ea4j.backend.opencl.OpenClEaSeries.f;
import static dev.ea4j.backend.opencl.OpenClEaSeries.i;

import java.util.Map;

/**
 * OpenCL twins of {@link dev.ea4j.kernels.ExactEaKernels} (resources/opencl/exact_ea.cl). Forward: one
 * work-item per (b, i, c). Backward: a row pass per (b, i, c) (dq, and each row's softmax max, sum and y
 * in a launcher-owned device scratch [3, B, L, D]), then a key pass per (b, j, c) gathering dk, dv.
 */
final class OpenClExactEa {

    static final String FILE = "exact_ea.cl";

    private OpenClExactEa() {}

    static void register(Map<String, OpenClKernel> m) {
        m.put("ExactEaKernels.forward", (s, a) -> forward(s, a, 0));
        m.put("ExactEaKernels.causalForward", (s, a) -> forward(s, a, 1));
        m.put("ExactEaKernels.backward", (s, a) -> backward(s, f(a[0]), f(a[1]), f(a[2]), f(a[3]), f(a[4]),
                f(a[5]), f(a[6]), i(a[7]), i(a[8]), i(a[9]), 0));
        m.put("ExactEaKernels.causalBackward", (s, a) -> backward(s, f(a[0]), f(a[1]), f(a[2]), f(a[3]), f(a[4]),
                f(a[5]), f(a[6]), i(a[7]), i(a[8]), i(a[9]), 1));
    }

    private static void forward(OpenClSession s, Object[] a, int causal) {
        long n = (long) i(a[4]) * i(a[5]) * i(a[6]);
        s.run(FILE, "exact_ea_run", n, a[0], a[1], a[2], a[3], a[4], a[5], a[6], causal);
    }

    static void backward(OpenClSession s, float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk,
                         float[] dv, int B, int L, int D, int causal) {
        int n = B * L * D;
        float[] stats = OpenClEaSeries.scratch(s, "exact", Math.max(1, 3 * n));
        s.run(FILE, "exact_ea_gradient_rows", n, q, k, v, gy, dq, stats, B, L, D, causal);
        s.run(FILE, "exact_ea_gradient_keys", n, q, k, v, gy, dk, dv, stats, B, L, D, causal);
    }
}
