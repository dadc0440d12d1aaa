package dev.ea4j.backend.opencl;

import java.util.Map;

/**
 * OpenCL twins of {@link dev.ea4j.kernels.StoredSoftmaxKernels} (resources/opencl/stored_softmax.cl): the
 * forward is one work-item per (b, h, i) row writing its row of probs; the backward reads probs, first per
 * query row (dq and D_i = rowsum(dP o P), kept in a scratch buffer), then per key row (dk, dv), so no two
 * work-items write one element.
 */
final class OpenClStoredSoftmax {

    private static final String FILE = "stored_softmax.cl";

    private OpenClStoredSoftmax() {}

    static void register(Map<String, OpenClKernel> m) {
        m.put("StoredSoftmaxKernels.forward", (s, a) -> forward(s, a, 0));
        m.put("StoredSoftmaxKernels.causalForward", (s, a) -> forward(s, a, 1));
        m.put("StoredSoftmaxKernels.backward", OpenClStoredSoftmax::backward);
    }

    /** (q, k, v, y, probs, B, L, D, H). */
    private static void forward(OpenClSession s, Object[] a, int causal) {
        int B = (Integer) a[5], L = (Integer) a[6], D = (Integer) a[7], H = (Integer) a[8];
        s.run(FILE, "stored_forward", (long) B * H * L, a[0], a[1], a[2], a[3], a[4], B, L, D, H, scale(D, H), causal);
    }

    /** (q, k, v, probs, gy, dq, dk, dv, B, L, D, H). */
    private static void backward(OpenClSession s, Object[] a) {
        int B = (Integer) a[8], L = (Integer) a[9], D = (Integer) a[10], H = (Integer) a[11];
        long rows = (long) B * H * L;
        float[] rowD = ScratchBuffers.floats(s, "stored_softmax.rowD", Math.toIntExact(rows));
        float scale = scale(D, H);
        s.run(FILE, "stored_backward_rows", rows, a[1], a[2], a[3], a[4], a[5], rowD, B, L, D, H, scale);
        s.run(FILE, "stored_backward_keys", rows, a[0], a[2], a[3], a[4], rowD, a[6], a[7], B, L, D, H, scale);
    }

    /** 1/sqrt(dh) rounded as the reference rounds it. */
    private static float scale(int D, int H) {
        return (float) (1.0 / Math.sqrt(D / H));
    }
}
