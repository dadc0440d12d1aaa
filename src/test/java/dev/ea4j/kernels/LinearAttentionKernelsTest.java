package dev.ea4j.kernels;

import static dev.ea4j.kernels.DenseTestSupport.*;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Linear attention (elu + 1) against a double quadratic-form reimplementation, gradients against central FD. */
class LinearAttentionKernelsTest {

    static double phi(double x) {
        return x > 0 ? x + 1 : Math.exp(x);
    }

    /** y_i = sum_{j in mask} (phi(q_i) . phi(k_j)) v_j / sum_{j in mask} phi(q_i) . phi(k_j), per head, in double. */
    static double[] forward(double[] q, double[] k, double[] v, int B, int L, int D, int H, boolean causal) {
        int dh = D / H;
        double[] y = new double[B * L * D];
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < H; h++) {
                int base = b * L * D + h * dh;
                for (int i = 0; i < L; i++) {
                    double den = 0;
                    double[] num = new double[dh];
                    for (int j = 0; j <= (causal ? i : L - 1); j++) {
                        double a = 0;
                        for (int d = 0; d < dh; d++) a += phi(q[base + i * D + d]) * phi(k[base + j * D + d]);
                        den += a;
                        for (int e = 0; e < dh; e++) num[e] += a * v[base + j * D + e];
                    }
                    for (int e = 0; e < dh; e++) y[base + i * D + e] = num[e] / den;
                }
            }
        }
        return y;
    }

    static void run(boolean causal, float[] q, float[] k, float[] v, float[] y, int B, int L, int D, int H) {
        if (causal) LinearAttentionKernels.causalForward(q, k, v, y, B, L, D, H);
        else LinearAttentionKernels.forward(q, k, v, y, B, L, D, H);
    }

    static void runBackward(boolean causal, float[] q, float[] k, float[] v, float[] gy, float[] dq, float[] dk,
                            float[] dv, int B, int L, int D, int H) {
        if (causal) LinearAttentionKernels.causalBackward(q, k, v, gy, dq, dk, dv, B, L, D, H);
        else LinearAttentionKernels.backward(q, k, v, gy, dq, dk, dv, B, L, D, H);
    }

    @ParameterizedTest(name = "B={0} L={1} D={2} H={3}")
    @CsvSource({"1,1,1,1", "2,1,60,4", "2,63,1,1", "2,63,60,4", "1,63,60,5", "1,130,60,5", "2,130,60,4", "3,17,12,3"})
    void forwardMatchesDouble(int B, int L, int D, int H) {
        Random r = new Random(B * 7919L + L * 31L + D * 7L + H);
        int n = B * L * D;
        float[] q = rand(r, n, 2), k = rand(r, n, 2), v = rand(r, n, 1);
        for (boolean causal : new boolean[] {false, true}) {
            float[] y = nan(n);
            run(causal, q, k, v, y, B, L, D, H);
            close((causal ? "causal " : "") + "forward", y, forward(d(q), d(k), d(v), B, L, D, H, causal), 1e-5, 1e-5);
        }
    }

    @ParameterizedTest(name = "B={0} L={1} D={2} H={3}")
    @CsvSource({"1,1,1,1", "1,5,1,1", "2,7,6,2", "2,13,12,3", "1,3,60,4", "1,4,10,5"})
    void backwardMatchesFiniteDifferences(int B, int L, int D, int H) {
        Random r = new Random(B * 131L + L * 17L + D * 3L + H);
        int n = B * L * D;
        float[] q = rand(r, n, 2), k = rand(r, n, 2), v = rand(r, n, 1), gy = rand(r, n, 1);
        for (boolean causal : new boolean[] {false, true}) {
            float[] dq = nan(n), dk = nan(n), dv = nan(n);
            runBackward(causal, q, k, v, gy, dq, dk, dv, B, L, D, H);
            double[][] fd = FiniteDifferences.gradients(d(q), d(k), d(v), d(gy),
                    (qq, kk, vv) -> forward(qq, kk, vv, B, L, D, H, causal));
            String w = causal ? "causal " : "";
            float[][] got = {dq, dk, dv};
            String[] names = {"dq", "dk", "dv"};
            for (int g = 0; g < 3; g++) {
                double scale = 1e-3;
                for (double x : fd[g]) scale = Math.max(scale, Math.abs(x));
                close(w + names[g], got[g], fd[g], 0, 2e-4 * scale);
            }
        }
    }
}
