package dev.ea4j.backend.opencl;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.LinearAttentionKernels;

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

    static void register(TwinTable<OpenClSession> t) {
        t.add(LinearAttentionKernels::forward, s -> (q, k, v, y, B, L, D, H) -> forward(s, q, k, v, y, B, L, D, H, 0));
        t.add(LinearAttentionKernels::causalForward, s -> (q, k, v, y, B, L, D, H) ->
                forward(s, q, k, v, y, B, L, D, H, 1));
        t.add(LinearAttentionKernels::backward, s -> (q, k, v, gy, dq, dk, dv, B, L, D, H) ->
                backward(s, q, k, v, gy, dq, dk, dv, B, L, D, H, 0));
        t.add(LinearAttentionKernels::causalBackward, s -> (q, k, v, gy, dq, dk, dv, B, L, D, H) ->
                backward(s, q, k, v, gy, dq, dk, dv, B, L, D, H, 1));
    }

    private static void forward(OpenClSession s, float[] q, float[] k, float[] v, float[] y, int B, int L, int D,
                                int H, int causal) {
        s.run(FILE, "la_forward", (long) B * L * D, q, k, v, y, B, L, D, H, causal);
    }

    private static void backward(OpenClSession s, float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk,
                                 float[] dv, int B, int L, int D, int H, int causal) {
        long n = (long) B * L * D;
        float[] stats = s.scratch("linear_attention.stats", 2 * B * H * L);
        s.run(FILE, "la_stats", (long) B * H * L, q, k, v, gy, stats, B, L, D, H, causal);
        s.run(FILE, "la_grad_q", n, q, k, v, gy, dq, stats, B, L, D, H, causal);
        s.run(FILE, "la_grad_kv", n, q, k, v, gy, dk, dv, stats, B, L, D, H, causal);
    }
}
