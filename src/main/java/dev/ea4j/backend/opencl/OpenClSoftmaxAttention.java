package dev.ea4j.backend.opencl;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.SoftmaxAttentionKernels;

/**
 * OpenCL twins of {@link dev.ea4j.kernels.SoftmaxAttentionKernels} (resources/opencl/softmax_attention.cl):
 * one work-item per (b, h, i) row with an online softmax; the backward pass recomputes the softmax, first
 * per query row (dq and row statistics), then per key row (dk, dv), so no two work-items write one element.
 */
final class OpenClSoftmaxAttention {

    private static final String FILE = "softmax_attention.cl";

    private OpenClSoftmaxAttention() {}

    static void register(TwinTable<OpenClSession> t) {
        t.add(SoftmaxAttentionKernels::forward, s -> (q, k, v, y, B, L, D, H) -> forward(s, q, k, v, y, B, L, D, H, 0));
        t.add(SoftmaxAttentionKernels::causalForward, s -> (q, k, v, y, B, L, D, H) ->
                forward(s, q, k, v, y, B, L, D, H, 1));
        t.add(SoftmaxAttentionKernels::backward, s -> (q, k, v, y, gy, dq, dk, dv, B, L, D, H) ->
                backward(s, q, k, v, y, gy, dq, dk, dv, B, L, D, H, 0));
        t.add(SoftmaxAttentionKernels::causalBackward, s -> (q, k, v, y, gy, dq, dk, dv, B, L, D, H) ->
                backward(s, q, k, v, y, gy, dq, dk, dv, B, L, D, H, 1));
        t.add(SoftmaxAttentionKernels::appendKv, s -> (k, v, kCache, vCache, B, D, pos, capacity) ->
                s.run(FILE, "append_kv", (long) B * D, k, v, kCache, vCache, B, D, pos, capacity));
        t.add(SoftmaxAttentionKernels::decodeStep, s -> (q, kCache, vCache, y, B, D, H, pos, capacity) ->
                s.run(FILE, "decode_step", (long) B * H, q, kCache, vCache, y, B, D, H, pos, capacity, scale(D, H)));
    }

    private static void forward(OpenClSession s, float[] q, float[] k, float[] v, float[] y, int B, int L, int D,
                                int H, int causal) {
        s.run(FILE, "attention_forward", (long) B * H * L, q, k, v, y, B, L, D, H, scale(D, H), causal);
    }

    private static void backward(OpenClSession s, float[] q, float[] k, float[] v, float[] y, float[] gy, float[] dq,
                                 float[] dk, float[] dv, int B, int L, int D, int H, int causal) {
        long rows = (long) B * H * L;
        float[] stats = s.scratch("softmax_attention.stats", Math.toIntExact(3 * rows));
        float scale = scale(D, H);
        s.run(FILE, "attention_backward_rows", rows, q, k, v, y, gy, dq, stats, B, L, D, H, scale, causal);
        s.run(FILE, "attention_backward_keys", rows, q, k, v, gy, stats, dk, dv, B, L, D, H, scale, causal);
    }

    /** 1/sqrt(dh) rounded as the reference rounds it. */
    private static float scale(int D, int H) {
        return (float) (1.0 / Math.sqrt(D / H));
    }
}
