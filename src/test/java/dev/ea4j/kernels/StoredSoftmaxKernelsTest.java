package dev.ea4j.kernels;

import static dev.ea4j.kernels.DenseTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Softmax attention with a stored attention matrix: forward (y and probs, both forms) against a naive double
 * implementation, y and gradients against the recompute variant {@link SoftmaxAttentionKernels}, and the
 * backward against central finite differences of the double forward.
 */
class StoredSoftmaxKernelsTest {

    /** Naive softmax(q k^T / sqrt(dh)) per head in double, [B, H, L, L], 0 where j > i when causal. */
    static double[] probs(double[] q, double[] k, int B, int L, int D, int H, boolean causal) {
        int dh = D / H;
        double scale = 1 / Math.sqrt(dh);
        double[] p = new double[B * H * L * L];
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < H; h++) {
                for (int i = 0; i < L; i++) {
                    int n = causal ? i + 1 : L;
                    int po = ((b * H + h) * L + i) * L;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < n; j++) {
                        double s = 0;
                        for (int c = h * dh; c < (h + 1) * dh; c++) s += q[(b * L + i) * D + c] * k[(b * L + j) * D + c];
                        p[po + j] = s * scale;
                        max = Math.max(max, p[po + j]);
                    }
                    double z = 0;
                    for (int j = 0; j < n; j++) z += Math.exp(p[po + j] - max);
                    for (int j = 0; j < n; j++) p[po + j] = Math.exp(p[po + j] - max) / z;
                }
            }
        }
        return p;
    }

    private static void run(float[] q, float[] k, float[] v, float[] y, float[] p, int B, int L, int D, int H,
                            boolean causal) {
        if (causal) StoredSoftmaxKernels.causalForward(q, k, v, y, p, B, L, D, H);
        else StoredSoftmaxKernels.forward(q, k, v, y, p, B, L, D, H);
    }

    @ParameterizedTest(name = "B={0} L={1} D={2} H={3}")
    @CsvSource({"1,1,1,1", "2,1,60,4", "2,1,60,5", "1,63,60,4", "1,63,60,5", "2,63,1,1", "1,130,60,4", "1,130,60,5",
                "1,130,1,1", "1,33,12,3"})
    void forwardMatchesDouble(int B, int L, int D, int H) {
        Random r = new Random(B * 1000 + L * 10 + D + H);
        int n = B * L * D;
        float[] q = rand(r, n, 2), k = rand(r, n, 2), v = rand(r, n, 1);
        for (boolean causal : new boolean[] {false, true}) {
            String f = causal ? "causal " : "";
            float[] y = nan(n), p = nan(B * H * L * L);
            run(q, k, v, y, p, B, L, D, H, causal);
            close(f + "y", y, SoftmaxAttentionKernelsTest.attention(d(q), d(k), d(v), B, L, D, H, causal), 1e-5, 2e-6);
            close(f + "probs", p, probs(d(q), d(k), B, L, D, H, causal), 1e-5, 1e-7);
            for (int row = 0; row < B * H * L; row++) {
                int i = row % L;
                double sum = 0;
                for (int j = 0; j < L; j++) {
                    float pij = p[row * L + j];
                    if (causal && j > i && Float.floatToRawIntBits(pij) != 0) {
                        fail(f + "probs row " + row + " col " + j + " should be exactly +0, is " + pij);
                    }
                    sum += pij;
                }
                assertEquals(1, sum, 1e-5, f + "probs row " + row + " sums to 1");
            }
        }
    }

    @ParameterizedTest(name = "B={0} L={1} D={2} H={3}")
    @CsvSource({"1,1,1,1", "2,1,60,4", "1,63,60,4", "1,63,60,5", "2,63,1,1", "1,130,60,5", "1,130,1,1"})
    void matchesRecomputeVariant(int B, int L, int D, int H) {
        Random r = new Random(B * 100 + L * 7 + D + H);
        int n = B * L * D;
        float[] q = rand(r, n, 2), k = rand(r, n, 2), v = rand(r, n, 1), gy = rand(r, n, 1);
        for (boolean causal : new boolean[] {false, true}) {
            String f = causal ? "causal " : "";
            float[] y = nan(n), p = nan(B * H * L * L), dq = nan(n), dk = nan(n), dv = nan(n);
            run(q, k, v, y, p, B, L, D, H, causal);
            StoredSoftmaxKernels.backward(q, k, v, p, gy, dq, dk, dv, B, L, D, H);
            float[] y2 = nan(n), dq2 = nan(n), dk2 = nan(n), dv2 = nan(n);
            if (causal) {
                SoftmaxAttentionKernels.causalForward(q, k, v, y2, B, L, D, H);
                SoftmaxAttentionKernels.causalBackward(q, k, v, y2, gy, dq2, dk2, dv2, B, L, D, H);
            } else {
                SoftmaxAttentionKernels.forward(q, k, v, y2, B, L, D, H);
                SoftmaxAttentionKernels.backward(q, k, v, y2, gy, dq2, dk2, dv2, B, L, D, H);
            }
            // P v vs (e v) / l, and D_i = rowsum(dP o P) vs gy_i . y_i: a few ulp per term
            close(f + "y", y, y2, 1e-5, 1e-6);
            close(f + "dq", dq, dq2, 1e-4, 1e-5);
            close(f + "dk", dk, dk2, 1e-4, 1e-5);
            close(f + "dv", dv, dv2, 1e-5, 1e-6);
        }
    }

    @ParameterizedTest(name = "B={0} L={1} D={2} H={3}")
    @CsvSource({"1,1,2,1", "1,1,1,1", "2,5,6,2", "1,7,6,3", "1,4,5,5"})
    void backwardMatchesFiniteDifferences(int B, int L, int D, int H) {
        Random r = new Random(B * 100 + L * 10 + D + H);
        int n = B * L * D;
        float[] q = rand(r, n, 1), k = rand(r, n, 1), v = rand(r, n, 1), gy = rand(r, n, 1);
        double[] w = d(gy);
        for (boolean causal : new boolean[] {false, true}) {
            float[] y = nan(n), p = nan(B * H * L * L), dq = nan(n), dk = nan(n), dv = nan(n);
            run(q, k, v, y, p, B, L, D, H, causal);
            StoredSoftmaxKernels.backward(q, k, v, p, gy, dq, dk, dv, B, L, D, H);
            double[] qd = d(q), kd = d(k), vd = d(v);
            String f = causal ? "causal " : "";
            gradient(f + "dq", dq, d(q), x -> dot(w, SoftmaxAttentionKernelsTest.attention(x, kd, vd, B, L, D, H, causal)),
                    1e-3, 1e-3);
            gradient(f + "dk", dk, d(k), x -> dot(w, SoftmaxAttentionKernelsTest.attention(qd, x, vd, B, L, D, H, causal)),
                    1e-3, 1e-3);
            gradient(f + "dv", dv, d(v), x -> dot(w, SoftmaxAttentionKernelsTest.attention(qd, kd, x, B, L, D, H, causal)),
                    1e-3, 1e-3);
        }
    }
}
