package dev.ea4j.kernels;

/** LayerNorm over the last axis. x, y: [rows, cols]; gamma, beta: [cols]; mean, rstd: [rows]. */
public final class NormKernels {

    private NormKernels() {}

    /** y = (x - mean) * rstd * gamma + beta, rstd = 1/sqrt(var + eps); saves mean and rstd for backward. */
    public static void layerNorm(float[] x, float[] gamma, float[] beta, float[] y, float[] mean, float[] rstd,
                                 int rows, int cols, float eps) {
        // TODO(skeleton)
    }

    /** gx, dgamma, dbeta from gy and the saved mean/rstd; dgamma and dbeta are overwritten (not accumulated). */
    public static void layerNormBackward(float[] x, float[] gamma, float[] mean, float[] rstd, float[] gy, float[] gx,
                                         float[] dgamma, float[] dbeta, int rows, int cols) {
        // TODO(skeleton)
    }
}
