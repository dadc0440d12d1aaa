package dev.ea4j.backend.opencl;

import java.util.Map;

/**
 * OpenCL twins of {@link dev.ea4j.kernels.SoftmaxAttentionKernels} (resources/opencl/softmax_attention.cl):
 * one work-item per (b, h, i) row with an online softmax; the backward pass recomputes the softmax, first
 * per query row (dq and row statistics), then per key row (dk, dv), so no two work-items write one element.
 */
final class OpenClSoftmaxAttention {

    private static final String FILE = "softmax_attention.cl";

    private OpenClSoftmaxAttention() {}

    static void register(Map<String, OpenClKernel> m) {
        m.put("SoftmaxAttentionKernels.forward", (s, a) -> forward(s, a, 0));
        m.put("SoftmaxAttentionKernels.causalForward", (s, a) -> forward(s, a, 1));
        m.put("SoftmaxAttentionKernels.backward", (s, a) -> backward(s, a, 0));
        m.put("SoftmaxAttentionKernels.causalBackward", (s, a) -> backward(s, a, 1));
        m.put("SoftmaxAttentionKernels.appendKv", (s, a) -> {
            int B = (Integer) a[4], D = (Integer) a[5];
            s.run(FILE, "append_kv", (long) B * D, a[0], a[1], a[2], a[3], B, D, a[6], a[7]);
        });
        m.put("SoftmaxAttentionKernels.decodeStep", (s, a) -> {
            int B = (Integer) a[4], D = (Integer) a[5], H = (Integer) a[6];
            s.run(FILE, "decode_step", (long) B * H, a[0], a[1], a[2], a[3], B, D, H, a[7], a[8], scale(D, H));
        });
    }

    /** (q, k, v, y, B, L, D, H). */
    private static void forward(OpenClSession s, Object[] a, int causal) {
        int B = (Integer) a[4], L = (Integer) a[5], D = (Integer) a[6], H = (Integer) a[7];
        s.run(FILE, "attention_forward", (long) B * H * L, a[0], a[1], a[2], a[3], B, L, D, H, scale(D, H), causal);
    }

    /** (q, k, v, y, gy, dq, dk, dv, B, L, D, H). */
    private static void backward(OpenClSession s, Object[] a, int causal) {
        int B = (Integer) a[8], L = (Integer) a[9], D = (Integer) a[10], H = (Integer) a[11];
        long rows = (long) B * H * L;
        float[] stats = ScratchBuffers.floats(s, "softmax_attention.stats", Math.toIntExact(3 * rows));
        float scale = scale(D, H);
        s.run(FILE, "attention_backward_rows", rows, a[0], a[1], a[2], a[3], a[4], a[5], stats, B, L, D, H, scale, causal);
        s.run(FILE, "attention_backward_keys", rows, a[0], a[1], a[2], a[4], stats, a[6], a[7], B, L, D, H, scale, causal);
    }

    /** 1/sqrt(dh) rounded as the reference rounds it. */
    private static float scale(int D, int H) {
        return (float) (1.0 / Math.sqrt(D / H));
    }
}
