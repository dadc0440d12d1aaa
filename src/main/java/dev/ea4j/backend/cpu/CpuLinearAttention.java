package dev.ea4j.backend.cpu;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.LinearAttentionKernels;

/**
 * {@code cpu} twins of {@link dev.ea4j.kernels.LinearAttentionKernels}: the reference's O(L Dh^2) per-unit
 * helpers over contiguous chunks of the parallel loop, with Dh-long scratch allocated once per chunk: forward
 * ({@code forwardChannel}) over (b, output channel), backward (the three {@code *Statistics},
 * {@code *QueryGradient}, {@code *KeyValueGradient} phases in turn, as the task methods call them) over (b, head)
 * (each head's phases reuse its dk, dv channel-0 slots for per-row statistics, so a head stays on one thread).
 * The inner loops are short Dh-long dot products with a data-dependent elu; there is no vector path.
 */
public final class CpuLinearAttention {

    private CpuLinearAttention() {}

    /** Registers the twins under {@code LinearAttentionKernels.method}. */
    static void register(TwinTable<CpuPool> t) {
        t.add(LinearAttentionKernels::forward, pool -> (q, k, v, y, B, L, D, H) -> forward(q, k, v, y, B, L, D, H,
                pool));
        t.add(LinearAttentionKernels::causalForward, pool -> (q, k, v, y, B, L, D, H) -> causalForward(q, k, v, y, B,
                L, D, H, pool));
        t.add(LinearAttentionKernels::backward, pool -> (q, k, v, gy, dq, dk, dv, B, L, D, H) -> backward(q, k, v, gy,
                dq, dk, dv, B, L, D, H, pool));
        t.add(LinearAttentionKernels::causalBackward, pool -> (q, k, v, gy, dq, dk, dv, B, L, D, H) ->
                causalBackward(q, k, v, gy, dq, dk, dv, B, L, D, H, pool));
    }

    /** Non-causal forward. */
    public static void forward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H, CpuPool pool) {
        forward(q, k, v, y, B, L, D, H, 0, pool);
    }

    /** Causal forward. */
    public static void causalForward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H,
                                     CpuPool pool) {
        forward(q, k, v, y, B, L, D, H, 1, pool);
    }

    /** Non-causal backward: dq, dk, dv from gy (sums recomputed). */
    public static void backward(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk, float[] dv,
                                int B, int L, int D, int H, CpuPool pool) {
        int dh = D / H;
        pool.parallelFor(B * H, (from, to) -> {
            float[] z = new float[dh];
            float[] w = new float[dh];
            float[] gz = new float[dh];
            for (int bh = from; bh < to; bh++) {
                LinearAttentionKernels.backwardStatistics(q, k, v, gy, dk, dv, L, D, H, bh, z, w);
                LinearAttentionKernels.backwardQueryGradient(q, k, v, gy, dq, dk, dv, L, D, H, bh, z, w, gz);
                LinearAttentionKernels.backwardKeyValueGradient(q, k, v, gy, dk, dv, L, D, H, bh, w, gz);
            }
        });
    }

    /** Causal backward: dq, dk, dv from gy (prefix and suffix sums recomputed). */
    public static void causalBackward(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk, float[] dv,
                                      int B, int L, int D, int H, CpuPool pool) {
        int dh = D / H;
        pool.parallelFor(B * H, (from, to) -> {
            float[] w = new float[dh];
            for (int bh = from; bh < to; bh++) {
                LinearAttentionKernels.causalBackwardStatistics(q, k, v, gy, dk, dv, L, D, H, bh, w);
                LinearAttentionKernels.causalBackwardQueryGradient(q, k, v, gy, dq, dk, dv, L, D, H, bh, w);
                LinearAttentionKernels.causalBackwardKeyValueGradient(q, k, v, gy, dk, dv, L, D, H, bh, w);
            }
        });
    }

    /** Both forwards over (b, output channel) chunks; causal = 1 takes prefix sums. */
    private static void forward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H, int causal,
                                CpuPool pool) {
        int dh = D / H;
        pool.parallelFor(B * D, (from, to) -> {
            float[] s = new float[dh];
            float[] z = new float[dh];
            for (int bc = from; bc < to; bc++) {
                LinearAttentionKernels.forwardChannel(q, k, v, y, L, D, H, causal, bc, s, z);
            }
        });
    }
}
