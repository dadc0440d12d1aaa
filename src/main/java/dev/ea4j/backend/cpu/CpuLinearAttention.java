package dev.ea4j.backend.cpu;

import dev.ea4j.kernels.LinearAttentionKernels;
import java.util.Map;

/**
 * {@code cpu} twins of {@link dev.ea4j.kernels.LinearAttentionKernels}: the reference's O(L Dh^2) passes
 * ({@code LinearAttentionKernels.*Range}) with the parallel loop split into contiguous chunks: forward over
 * (b, output channel), backward over (b, head) (each head's passes reuse its dk, dv channel-0 slots for
 * per-row statistics, so a head stays on one thread). The inner loops are short Dh-long dot products with a
 * data-dependent elu; there is no vector path.
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
        pool.parallelFor(B * D, (from, to) ->
                LinearAttentionKernels.forwardRange(q, k, v, y, B, L, D, H, 0, from, to));
    }

    /** Causal forward. */
    public static void causalForward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H,
                                     CpuPool pool) {
        pool.parallelFor(B * D, (from, to) ->
                LinearAttentionKernels.forwardRange(q, k, v, y, B, L, D, H, 1, from, to));
    }

    /** Non-causal backward: dq, dk, dv from gy (sums recomputed). */
    public static void backward(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk, float[] dv,
                                int B, int L, int D, int H, CpuPool pool) {
        pool.parallelFor(B * H, (from, to) ->
                LinearAttentionKernels.backwardRange(q, k, v, gy, dq, dk, dv, B, L, D, H, from, to));
    }

    /** Causal backward: dq, dk, dv from gy (prefix and suffix sums recomputed). */
    public static void causalBackward(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk, float[] dv,
                                      int B, int L, int D, int H, CpuPool pool) {
        pool.parallelFor(B * H, (from, to) ->
                LinearAttentionKernels.causalBackwardRange(q, k, v, gy, dq, dk, dv, B, L, D, H, from, to));
    }
}
