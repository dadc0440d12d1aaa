package dev.ea4j.kernels;

import static dev.ea4j.kernels.DenseTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Model plumbing kernels against double formulas; the backward ops against FD; AdamW against hand steps. */
class ModelKernelsTest {

    static int[] ids(Random r, int N, int V) {
        int[] ids = new int[N];
        for (int i = 0; i < N; i++) ids[i] = r.nextInt(V);
        return ids;
    }

    @ParameterizedTest(name = "N={0} V={1} D={2}")
    @CsvSource({"1,1,1", "7,3,5", "63,11,60", "130,5,1"})
    void embeddingLookupAndBackward(int N, int V, int D) {
        Random r = new Random(N * 31 + V * 7 + D);
        int[] ids = ids(r, N, V);
        float[] table = rand(r, V * D, 1), gout = rand(r, N * D, 1);
        float[] out = nan(N * D);
        ModelKernels.embeddingLookup(ids, table, out, N, V, D);
        double[] want = new double[N * D];
        for (int n = 0; n < N; n++) for (int c = 0; c < D; c++) want[n * D + c] = table[ids[n] * D + c];
        close("embeddingLookup", out, want, 0, 0);
        float[] gt = nan(V * D);
        ModelKernels.embeddingBackward(ids, gout, gt, N, V, D);
        double[] gw = new double[V * D];
        for (int n = 0; n < N; n++) for (int c = 0; c < D; c++) gw[ids[n] * D + c] += gout[n * D + c];
        close("embeddingBackward", gt, gw, 1e-6, 1e-6);
        if (N * D <= 500) {
            double[] w = d(gout);
            gradient("embeddingBackward FD", gt, d(table), t -> {
                double s = 0;
                for (int n = 0; n < N; n++) for (int c = 0; c < D; c++) s += w[n * D + c] * t[ids[n] * D + c];
                return s;
            }, 1e-3, 1e-5);
        }
    }

    @ParameterizedTest(name = "B={0} L={1} D={2}")
    @CsvSource({"1,1,1", "3,7,5", "2,63,60", "1,130,1"})
    void positionalAndPooling(int B, int L, int D) {
        Random r = new Random(B * 1000 + L * 10 + D);
        int Lp = L + 2; // pe has more rows than L
        float[] x = rand(r, B * L * D, 1), pe = rand(r, Lp * D, 1), gout = rand(r, B * L * D, 1);
        float[] out = nan(B * L * D);
        ModelKernels.addPositional(x, pe, out, B, L, D);
        double[] want = new double[B * L * D];
        for (int b = 0; b < B; b++) for (int l = 0; l < L; l++) for (int c = 0; c < D; c++) {
            int i = (b * L + l) * D + c;
            want[i] = (double) x[i] + pe[l * D + c];
        }
        close("addPositional", out, want, 1e-7, 1e-7);
        float[] gpe = nan(Lp * D);
        ModelKernels.positionalBackward(gout, gpe, B, L, D);
        for (int i = L * D; i < Lp * D; i++) assertEquals(Float.NaN, gpe[i], "rows past L are not written");
        float[] gpeL = java.util.Arrays.copyOf(gpe, L * D);
        double[] gw = new double[L * D];
        for (int b = 0; b < B; b++) for (int i = 0; i < L * D; i++) gw[i] += gout[b * L * D + i];
        close("positionalBackward", gpeL, gw, 1e-6, 1e-6);
        float[] pooled = nan(B * D);
        ModelKernels.meanPool(x, pooled, B, L, D);
        double[] pw = new double[B * D];
        for (int b = 0; b < B; b++) for (int l = 0; l < L; l++) for (int c = 0; c < D; c++) {
            pw[b * D + c] += x[(b * L + l) * D + c] / (double) L;
        }
        close("meanPool", pooled, pw, 1e-6, 1e-6);
        float[] gp = rand(r, B * D, 1), gx = nan(B * L * D);
        ModelKernels.meanPoolBackward(gp, gx, B, L, D);
        double[] gxw = new double[B * L * D];
        for (int b = 0; b < B; b++) for (int l = 0; l < L; l++) for (int c = 0; c < D; c++) {
            gxw[(b * L + l) * D + c] = gp[b * D + c] / (double) L;
        }
        close("meanPoolBackward", gx, gxw, 1e-6, 0);
        if (B * L * D <= 500) {
            double[] wo = d(gout), wp = d(gp);
            gradient("positional FD", gpeL, d(java.util.Arrays.copyOf(pe, L * D)), p -> {
                double s = 0;
                for (int b = 0; b < B; b++) for (int i = 0; i < L * D; i++) s += wo[b * L * D + i] * (x[b * L * D + i] + p[i]);
                return s;
            }, 1e-3, 1e-5);
            gradient("meanPool FD", gx, d(x), xs -> {
                double s = 0;
                for (int b = 0; b < B; b++) for (int c = 0; c < D; c++) {
                    double m = 0;
                    for (int l = 0; l < L; l++) m += xs[(b * L + l) * D + c];
                    s += wp[b * D + c] * m / L;
                }
                return s;
            }, 1e-3, 1e-5);
        }
    }

    /** hyper = [lr, beta1, beta2, eps, weightDecay, step, gradScale]. */
    private static float[] hyper(float lr, float b1, float b2, float eps, float wd, int step, float gradScale) {
        float[] h = {lr, b1, b2, eps, wd, step, gradScale};
        assertEquals(ModelKernels.ADAMW_HYPER_LENGTH, h.length);
        return h;
    }

    @ParameterizedTest(name = "gradScale={0}")
    @CsvSource({"1", "0.37"})
    void adamWThreeStepsMatchHandComputedDouble(float scale) {
        int n = 37;
        Random r = new Random(12);
        float lr = 1e-2f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f, wd = 0.1f;
        float[] w = rand(r, n, 1), m = new float[n], v = new float[n];
        double[] wd64 = d(w), md = new double[n], vd = new double[n];
        for (int t = 1; t <= 3; t++) {
            float[] g = rand(r, n, 1);
            if (t == 2) g[0] = 0f;
            ModelKernels.adamW(w, g, m, v, hyper(lr, b1, b2, eps, wd, t, scale), n);
            double c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
            for (int i = 0; i < n; i++) {
                double gi = (double) g[i] * scale;
                md[i] = b1 * md[i] + (1 - (double) b1) * gi;
                vd[i] = b2 * vd[i] + (1 - (double) b2) * gi * gi;
                wd64[i] -= lr * (md[i] / c1 / (Math.sqrt(vd[i] / c2) + eps) + wd * wd64[i]);
            }
            close("adamW m step " + t + " scale " + scale, m, md, 1e-5, 1e-7);
            close("adamW v step " + t + " scale " + scale, v, vd, 1e-5, 1e-9);
            close("adamW w step " + t + " scale " + scale, w, wd64, 1e-5, 1e-6);
        }
        // step 1 with g = 1, m = v = 0 moves w by exactly lr (1 + wd w) (up to eps), whatever the gradScale > 0
        float[] w1 = {0.5f}, g1 = {1f}, m1 = {0f}, v1 = {0f};
        ModelKernels.adamW(w1, g1, m1, v1, hyper(lr, b1, b2, eps, wd, 1, scale), 1);
        close("adamW unit step", w1, new double[] {0.5 - lr * (1 + wd * 0.5)}, 1e-6, 1e-7);
        // and m holds the scaled gradient's share
        close("adamW unit step m", m1, new double[] {(1 - (double) b1) * scale}, 1e-6, 1e-9);
    }

    @Test
    void adamWGradScaleEqualsScaledGradient() {
        int n = 53;
        Random r = new Random(5);
        float[] w0 = rand(r, n, 1), g = rand(r, n, 1), gs = g.clone();
        for (int i = 0; i < n; i++) gs[i] *= 0.25f;
        float[] wa = w0.clone(), ma = new float[n], va = new float[n];
        float[] wb = w0.clone(), mb = new float[n], vb = new float[n];
        for (int t = 1; t <= 3; t++) {
            ModelKernels.adamW(wa, g, ma, va, hyper(1e-3f, 0.9f, 0.99f, 1e-8f, 0.01f, t, 0.25f), n);
            ModelKernels.adamW(wb, gs, mb, vb, hyper(1e-3f, 0.9f, 0.99f, 1e-8f, 0.01f, t, 1f), n);
        }
        // g * 0.25 is exact in float, so scaling inside the kernel equals scaling beforehand bit for bit
        org.junit.jupiter.api.Assertions.assertArrayEquals(wb, wa);
        org.junit.jupiter.api.Assertions.assertArrayEquals(mb, ma);
        org.junit.jupiter.api.Assertions.assertArrayEquals(vb, va);
    }

    @Test
    void biasCorrectionIsOneMinusBetaToTheStep() {
        assertEquals(1f - 0.9f, ModelKernels.biasCorrection(0.9f, 1f));
        assertEquals(1f - (float) Math.pow(0.999f, 3), ModelKernels.biasCorrection(0.999f, 3f));
    }

    @ParameterizedTest(name = "n={0}")
    @CsvSource({"0", "1", "63", "4096", "4097", "20000"})
    void sumOfSquaresAndScale(int n) {
        Random r = new Random(n);
        float[] x = rand(r, n, 3);
        float[] out = nan(1);
        ModelKernels.sumOfSquares(x, out, n);
        double s = 0;
        for (float v : x) s += (double) v * v;
        close("sumOfSquares", out, new double[] {s}, 1e-6, 0);
        float[] y = x.clone();
        ModelKernels.scale(y, -0.37f, n);
        double[] want = new double[n];
        for (int i = 0; i < n; i++) want[i] = x[i] * -0.37f;
        close("scale", y, want, 0, 0);
    }
}
