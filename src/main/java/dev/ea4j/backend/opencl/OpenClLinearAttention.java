package dev.ea4j.backend.opencl;

import static dev.ea4j.backend.opencl.OpenClEaSeries.f;
import static dev.ea4j.backend.opencl.OpenClEaSeries.i;

import java.util.Map;

/**
 * OpenCL twins of {@link dev.ea4j.kernels.LinearAttentionKernels} (resources/opencl/linear_attention.cl), in the
 * quadratic form a_ij = phi(q_i) . phi(k_j) so no work-item keeps a Dh x Dh state: forward one work-item per
 * (b, i, c); backward a statistics pass per (b, h, i) (den_i, gy_i . y_i into a launcher-owned device scratch
 * [B, H, L, 2]), then dq per (b, i, c) and dk, dv per (b, j, c). O(L^2 Dh) per output element's row: a
 * baseline for the small shapes it is checked at, not a fast path.
 */
final class OpenClLinearAttention {

    static final String FILE = "linear_attention.cl";

    private OpenClLinearAttention() {}

    static void register(Map<String, OpenClKernel> m) {
        m.put("LinearAttentionKernels.forward", (s, a) -> forward(s, a, 0));
        m.put("LinearAttentionKernels.causalForward", (s, a) -> forward(s, a, 1));
        m.put("LinearAttentionKernels.backward", (s, a) -> backward(s, a, 0));
        m.put("LinearAttentionKernels.causalBackward", (s, a) -> backward(s, a, 1));
    }

    /** (q, k, v, y, B, L, D, H). */
    private static void forward(OpenClSession s, Object[] a, int causal) {
        long n = (long) i(a[4]) * i(a[5]) * i(a[6]);
        s.run(FILE, "la_forward", n, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], causal);
    }

    /** (q, k, v, gy, dq, dk, dv, B, L, D, H). */
    private static void backward(OpenClSession s, Object[] a, int causal) {
        int B = i(a[7]), L = i(a[8]), D = i(a[9]), H = i(a[10]);
        long n = (long) B * L * D;
        float[] stats = OpenClEaSeries.scratch(s, "linear", Math.max(1, 2 * B * H * L));
        s.run(FILE, "la_stats", (long) B * H * L, a[0], a[1], a[2], a[3], stats, B, L, D, H, causal);
        s.run(FILE, "la_grad_q", n, a[0], a[1], a[2], a[3], f(a[4]), stats, B, L, D, H, causal);
        s.run(FILE, "la_grad_kv", n, a[0], a[1], a[2], a[3], f(a[5]), f(a[6]), stats, B, L, D, H, causal);
    }
}
