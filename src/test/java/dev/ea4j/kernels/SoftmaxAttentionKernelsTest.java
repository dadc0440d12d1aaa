package dev.ea4j.kernels;

import static dev.ea4j.kernels.DenseTestSupport.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Softmax attention: forward (both forms) against a naive double implementation, backward against finite
 * differences, and the KV-cache decode step against the causal forward.
 */
class SoftmaxAttentionKernelsTest {

    /** Naive multi-head softmax attention in double. */
    static double[] attention(double[] q, double[] k, double[] v, int B, int L, int D, int H, boolean causal) {
        int dh = D / H;
        double scale = 1 / Math.sqrt(dh);
        double[] y = new double[B * L * D];
        double[] w = new double[L];
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < H; h++) {
                for (int i = 0; i < L; i++) {
                    int n = causal ? i + 1 : L;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < n; j++) {
                        double s = 0;
                        for (int c = h * dh; c < (h + 1) * dh; c++) s += q[(b * L + i) * D + c] * k[(b * L + j) * D + c];
                        w[j] = s * scale;
                        max = Math.max(max, w[j]);
                    }
                    double z = 0;
                    for (int j = 0; j < n; j++) z += Math.exp(w[j] - max);
                    for (int c = h * dh; c < (h + 1) * dh; c++) {
                        double acc = 0;
                        for (int j = 0; j < n; j++) acc += Math.exp(w[j] - max) / z * v[(b * L + j) * D + c];
                        y[(b * L + i) * D + c] = acc;
                    }
                }
            }
        }
        return y;
    }

    @ParameterizedTest
    @CsvSource({"1,1,1,1", "2,1,60,4", "1,63,60,4", "2,63,1,1", "1,130,60,5", "1,130,12,3"})
    void forwardMatchesDouble(int B, int L, int D, int H) {
        Random r = new Random(B * 1000 + L * 10 + D + H);
        float[] q = rand(r, B * L * D, 2), k = rand(r, B * L * D, 2), v = rand(r, B * L * D, 1);
        for (boolean causal : new boolean[] {false, true}) {
            float[] y = nan(B * L * D);
            if (causal) SoftmaxAttentionKernels.causalForward(q, k, v, y, B, L, D, H);
            else SoftmaxAttentionKernels.forward(q, k, v, y, B, L, D, H);
            close(causal ? "causalForward" : "forward", y, attention(d(q), d(k), d(v), B, L, D, H, causal), 1e-5,
                    2e-6);
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1,2,1", "2,5,6,2", "1,7,6,3"})
    void backwardMatchesFiniteDifferences(int B, int L, int D, int H) {
        Random r = new Random(B * 100 + L * 10 + D + H);
        float[] q = rand(r, B * L * D, 1), k = rand(r, B * L * D, 1), v = rand(r, B * L * D, 1);
        float[] gy = rand(r, B * L * D, 1);
        double[] w = d(gy);
        for (boolean causal : new boolean[] {false, true}) {
            float[] y = nan(B * L * D), dq = nan(B * L * D), dk = nan(B * L * D), dv = nan(B * L * D);
            if (causal) {
                SoftmaxAttentionKernels.causalForward(q, k, v, y, B, L, D, H);
                SoftmaxAttentionKernels.causalBackward(q, k, v, y, gy, dq, dk, dv, B, L, D, H);
            } else {
                SoftmaxAttentionKernels.forward(q, k, v, y, B, L, D, H);
                SoftmaxAttentionKernels.backward(q, k, v, y, gy, dq, dk, dv, B, L, D, H);
            }
            double[] qd = d(q), kd = d(k), vd = d(v);
            String f = causal ? "causal " : "";
            gradient(f + "dq", dq, d(q), x -> dot(w, attention(x, kd, vd, B, L, D, H, causal)), 1e-3, 1e-3);
            gradient(f + "dk", dk, d(k), x -> dot(w, attention(qd, x, vd, B, L, D, H, causal)), 1e-3, 1e-3);
            gradient(f + "dv", dv, d(v), x -> dot(w, attention(qd, kd, x, B, L, D, H, causal)), 1e-3, 1e-3);
        }
    }

    @Test
    void decodeStepTokenByTokenEqualsCausalForward() {
        int B = 2, L = 17, D = 60, H = 5, capacity = 20;
        Random r = new Random(11);
        float[] q = rand(r, B * L * D, 2), k = rand(r, B * L * D, 2), v = rand(r, B * L * D, 1);
        float[] want = nan(B * L * D);
        SoftmaxAttentionKernels.causalForward(q, k, v, want, B, L, D, H);
        float[] kCache = nan(B * capacity * D), vCache = nan(B * capacity * D);
        float[] qt = new float[B * D], kt = new float[B * D], vt = new float[B * D];
        for (int pos = 0; pos < L; pos++) {
            for (int b = 0; b < B; b++) {
                System.arraycopy(q, (b * L + pos) * D, qt, b * D, D);
                System.arraycopy(k, (b * L + pos) * D, kt, b * D, D);
                System.arraycopy(v, (b * L + pos) * D, vt, b * D, D);
            }
            SoftmaxAttentionKernels.appendKv(kt, vt, kCache, vCache, B, D, pos, capacity);
            float[] yt = nan(B * D);
            SoftmaxAttentionKernels.decodeStep(qt, kCache, vCache, yt, B, D, H, pos, capacity);
            for (int b = 0; b < B; b++) {
                float[] row = java.util.Arrays.copyOfRange(want, (b * L + pos) * D, (b * L + pos + 1) * D);
                close("decode pos " + pos + " b " + b, java.util.Arrays.copyOfRange(yt, b * D, (b + 1) * D), row,
                        1e-6, 1e-7);
            }
        }
    }
}
