package dev.ea4j.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The loops of {@link ExactEaKernels} over a range of (b, channel) pairs, shared by the kernels (the whole range)
 * and the {@code cpu} twin's scalar path (its chunk). Not tasks: a task runs a {@code *Kernels} method.
 */
public final class ExactEaChannels {

    private ExactEaChannels() {}

    /**
     * Forward for both forms over the (b, channel) pairs bc in [from, to); causal = 1 limits j to j <= i.
     * The kernels call it with [0, B*D); the {@code cpu} twin's scalar path with its chunk.
     */
    public static void forward(float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int causal,
                               int from, int to) {
        for (@Parallel int bc = from; bc < to; bc++) {
            int base = (bc / D) * L * D + bc % D;
            for (int i = 0; i < L; i++) {
                int last = causal == 1 ? i : L - 1;
                float qi = q[base + i * D];
                float mx = rowMax(qi, k, base, last, D);
                float sum = 0f;
                float acc = 0f;
                for (int j = 0; j <= last; j++) {
                    float w = (float) Math.exp(score(qi, k[base + j * D]) - mx);
                    sum += w;
                    acc += w * v[base + j * D];
                }
                y[base + i * D] = acc / sum;
            }
        }
    }

    /**
     * Backward for both forms over bc in [from, to): recomputes each row's softmax, then dq, dk, dv (dk, dv
     * accumulate over rows). The kernels call it with [0, B*D); the {@code cpu} twin's scalar path with its chunk.
     */
    public static void backward(float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk,
                                float[] dv, int B, int L, int D, int causal, int from, int to) {
        for (@Parallel int bc = from; bc < to; bc++) {
            int base = (bc / D) * L * D + bc % D;
            for (int j = 0; j < L; j++) {
                dk[base + j * D] = 0f;
                dv[base + j * D] = 0f;
            }
            for (int i = 0; i < L; i++) {
                int last = causal == 1 ? i : L - 1;
                float qi = q[base + i * D];
                float gi = gy[base + i * D];
                float mx = rowMax(qi, k, base, last, D);
                float sum = 0f;
                float acc = 0f;
                for (int j = 0; j <= last; j++) {
                    float w = (float) Math.exp(score(qi, k[base + j * D]) - mx);
                    sum += w;
                    acc += w * v[base + j * D];
                }
                float yi = acc / sum;
                float gq = 0f;
                for (int j = 0; j <= last; j++) {
                    int at = base + j * D;
                    float d = qi - k[at];
                    float w = (float) Math.exp(score(qi, k[at]) - mx) / sum;
                    dv[at] += w * gi;
                    // d score / d q = -2 (q - k), d score / d k = +2 (q - k)
                    float ds = w * gi * (v[at] - yi);
                    gq -= 2f * d * ds;
                    dk[at] += 2f * d * ds;
                }
                dq[base + i * D] = gq;
            }
        }
    }

    /** max_{j <= last} -(qi - k_j)^2 over one channel. */
    static float rowMax(float qi, float[] k, int base, int last, int D) {
        float mx = Float.NEGATIVE_INFINITY;
        for (int j = 0; j <= last; j++) mx = Math.max(mx, score(qi, k[base + j * D]));
        return mx;
    }

    /** -(q - k)^2, capped at -Float.MAX_VALUE so distant keys never give inf - inf. */
    static float score(float qi, float kj) {
        float d = qi - kj;
        return -Math.min(d * d, Float.MAX_VALUE);
    }
}
