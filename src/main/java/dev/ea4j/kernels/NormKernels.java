package dev.ea4j.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/** LayerNorm over the last axis. x, y: [rows, cols]; gamma, beta: [cols]; mean, rstd: [rows]. */
public final class NormKernels {

    private NormKernels() {}

    /** y = (x - mean) * rstd * gamma + beta, rstd = 1/sqrt(var + eps); saves mean and rstd for backward. */
    public static void layerNorm(float[] x, float[] gamma, float[] beta, float[] y, float[] mean, float[] rstd,
                                 int rows, int cols, float eps) {
        for (@Parallel int r = 0; r < rows; r++) {
            int o = r * cols;
            float s = 0f;
            for (int c = 0; c < cols; c++) s += x[o + c];
            float mu = s / cols;
            // biased (population) variance, two-pass for accuracy
            float ss = 0f;
            for (int c = 0; c < cols; c++) {
                float d = x[o + c] - mu;
                ss += d * d;
            }
            float rs = (float) (1.0 / Math.sqrt(ss / cols + eps));
            for (int c = 0; c < cols; c++) y[o + c] = (x[o + c] - mu) * rs * gamma[c] + beta[c];
            mean[r] = mu;
            rstd[r] = rs;
        }
    }

    /** gx, dgamma, dbeta from gy and the saved mean/rstd; dgamma and dbeta are overwritten (not accumulated). */
    public static void layerNormBackward(float[] x, float[] gamma, float[] mean, float[] rstd, float[] gy, float[] gx,
                                         float[] dgamma, float[] dbeta, int rows, int cols) {
        // gx = rstd (g - mean(g) - xhat mean(g xhat)), g = gy gamma, xhat = (x - mean) rstd
        for (@Parallel int r = 0; r < rows; r++) {
            int o = r * cols;
            float mu = mean[r];
            float rs = rstd[r];
            float sg = 0f;
            float sgx = 0f;
            for (int c = 0; c < cols; c++) {
                float g = gy[o + c] * gamma[c];
                sg += g;
                sgx += g * (x[o + c] - mu) * rs;
            }
            float mg = sg / cols;
            float mgx = sgx / cols;
            for (int c = 0; c < cols; c++) {
                float xhat = (x[o + c] - mu) * rs;
                gx[o + c] = rs * (gy[o + c] * gamma[c] - mg - xhat * mgx);
            }
        }
        // dgamma_c = sum_r gy xhat, dbeta_c = sum_r gy
        for (@Parallel int c = 0; c < cols; c++) {
            float sgm = 0f;
            float sb = 0f;
            for (int r = 0; r < rows; r++) {
                float g = gy[r * cols + c];
                sgm += g * (x[r * cols + c] - mean[r]) * rstd[r];
                sb += g;
            }
            dgamma[c] = sgm;
            dbeta[c] = sb;
        }
    }
}
