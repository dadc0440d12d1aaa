package dev.ea4j.backend.cpu;

import dev.ea4j.kernels.LinearAttentionKernels;
import java.util.Map;

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
    static void register(Map<String, CpuKernel> m) {
        m.put("LinearAttentionKernels.forward", (a, p) -> forward((float[]) a[0], (float[]) a[1], (float[]) a[2],
                (float[]) a[3], (Integer) a[4], (Integer) a[5], (Integer) a[6], (Integer) a[7], p));
        m.put("LinearAttentionKernels.causalForward", (a, p) -> causalForward((float[]) a[0], (float[]) a[1],
                (float[]) a[2], (float[]) a[3], (Integer) a[4], (Integer) a[5], (Integer) a[6], (Integer) a[7], p));
        m.put("LinearAttentionKernels.backward", (a, p) -> backward((float[]) a[0], (float[]) a[1], (float[]) a[2],
                (float[]) a[3], (float[]) a[4], (float[]) a[5], (float[]) a[6], (Integer) a[7], (Integer) a[8],
                (Integer) a[9], (Integer) a[10], p));
        m.put("LinearAttentionKernels.causalBackward", (a, p) -> causalBackward((float[]) a[0], (float[]) a[1],
                (float[]) a[2], (float[]) a[3], (float[]) a[4], (float[]) a[5], (float[]) a[6], (Integer) a[7],
                (Integer) a[8], (Integer) a[9], (Integer) a[10], p));
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
