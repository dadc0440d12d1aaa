package dev.ea4j.backend.opencl;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.StoredSoftmaxKernels;

/**
 * OpenCL twins of {@link dev.ea4j.kernels.StoredSoftmaxKernels} (resources/opencl/stored_softmax.cl): the
 * forward is one work-item per (b, h, i) row writing its row of probs; the backward reads probs, first per
 * query row (dq and D_i = rowsum(dP o P), kept in a scratch buffer), then per key row (dk, dv), so no two
 * work-items write one element.
 */
final class OpenClStoredSoftmax {

    private static final String FILE = "stored_softmax.cl";

    private OpenClStoredSoftmax() {}

    static void register(TwinTable<OpenClSession> t) {
        t.add(StoredSoftmaxKernels::forward, s -> (q, k, v, y, probs, B, L, D, H) ->
                forward(s, q, k, v, y, probs, B, L, D, H, 0));
        t.add(StoredSoftmaxKernels::causalForward, s -> (q, k, v, y, probs, B, L, D, H) ->
                forward(s, q, k, v, y, probs, B, L, D, H, 1));
        t.add(StoredSoftmaxKernels::backward, s -> (q, k, v, probs, gy, dq, dk, dv, B, L, D, H) ->
                backward(s, q, k, v, probs, gy, dq, dk, dv, B, L, D, H));
    }

    private static void forward(OpenClSession s, float[] q, float[] k, float[] v, float[] y, float[] probs, int B,
                                int L, int D, int H, int causal) {
        s.run(FILE, "stored_forward", (long) B * H * L, q, k, v, y, probs, B, L, D, H, scale(D, H), causal);
    }

    private static void backward(OpenClSession s, float[] q, float[] k, float[] v, float[] probs, float[] gy,
                                 float[] dq, float[] dk, float[] dv, int B, int L, int D, int H) {
        long rows = (long) B * H * L;
        float[] rowD = s.scratch("stored_softmax.rowD", Math.toIntExact(rows));
        float scale = scale(D, H);
        s.run(FILE, "stored_backward_rows", rows, k, v, probs, gy, dq, rowD, B, L, D, H, scale);
        s.run(FILE, "stored_backward_keys", rows, q, v, probs, gy, rowD, dk, dv, B, L, D, H, scale);
    }

    /** 1/sqrt(dh) rounded as the reference rounds it. */
    private static float scale(int D, int H) {
        return (float) (1.0 / Math.sqrt(D / H));
    }
}
