package dev.ea4j.kernels;

import static dev.ea4j.kernels.DenseTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LayerNorm and the losses against naive double formulas; their gradients against finite differences. */
class NormLossKernelsTest {

    static final float EPS = 1e-5f;

    /** LayerNorm in double. */
    static double[] layerNorm(double[] x, double[] g, double[] b, int rows, int cols) {
        double[] y = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            double mu = 0;
            for (int c = 0; c < cols; c++) mu += x[r * cols + c];
            mu /= cols;
            double var = 0;
            for (int c = 0; c < cols; c++) var += (x[r * cols + c] - mu) * (x[r * cols + c] - mu);
            double rs = 1 / Math.sqrt(var / cols + EPS);
            for (int c = 0; c < cols; c++) y[r * cols + c] = (x[r * cols + c] - mu) * rs * g[c] + b[c];
        }
        return y;
    }

    @ParameterizedTest
    @CsvSource({"1,1", "3,60", "5,130", "2,7"})
    void layerNormForwardAndBackward(int rows, int cols) {
        Random r = new Random(rows * 31 + cols);
        float[] x = rand(r, rows * cols, 2);
        float[] gamma = rand(r, cols, 1.5);
        float[] beta = rand(r, cols, 1);
        float[] y = nan(rows * cols), mean = nan(rows), rstd = nan(rows);
        NormKernels.layerNorm(x, gamma, beta, y, mean, rstd, rows, cols, EPS);
        double[] gd = d(gamma), bd = d(beta);
        close("layerNorm", y, layerNorm(d(x), gd, bd, rows, cols), 1e-5, 1e-5);

        double[] w = d(rand(r, rows * cols, 1));
        float[] gy = new float[w.length];
        for (int i = 0; i < w.length; i++) gy[i] = (float) w[i];
        float[] gx = nan(rows * cols), dgamma = nan(cols), dbeta = nan(cols);
        NormKernels.layerNormBackward(x, gamma, mean, rstd, gy, gx, dgamma, dbeta, rows, cols);
        double[] xd = d(x);
        double h = cols == 1 ? 1e-4 : 1e-3; // cols = 1: y = beta, gx = 0
        gradient("gx", gx, d(x), xs -> dot(w, layerNorm(xs, gd, bd, rows, cols)), h, 2e-3);
        gradient("dgamma", dgamma, d(gamma), gs -> dot(w, layerNorm(xd, gs, bd, rows, cols)), h, 1e-3);
        gradient("dbeta", dbeta, d(beta), bs -> dot(w, layerNorm(xd, gd, bs, rows, cols)), h, 1e-3);
    }

    static double crossEntropy(double[] z, int[] labels, int rows, int classes) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.exp(z[r * classes + c]);
            total += Math.log(sum) - z[r * classes + labels[r]];
        }
        return total / rows;
    }

    @ParameterizedTest
    @CsvSource({"1,1", "1,2", "7,10", "33,130"})
    void softmaxCrossEntropy(int rows, int classes) {
        Random r = new Random(rows * 7 + classes);
        float[] logits = rand(r, rows * classes, 5);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) labels[i] = r.nextInt(classes);
        float[] loss = nan(1), grad = nan(rows * classes);
        LossKernels.softmaxCrossEntropy(logits, labels, loss, grad, rows, classes);
        double want = crossEntropy(d(logits), labels, rows, classes);
        assertEquals(want, loss[0], 1e-5 * Math.max(1, Math.abs(want)));
        gradient("ce grad", grad, d(logits), z -> crossEntropy(z, labels, rows, classes), 1e-4, 1e-3);
    }

    @ParameterizedTest
    @CsvSource({"1", "63", "130"})
    void meanSquaredError(int n) {
        Random r = new Random(n);
        float[] pred = rand(r, n, 2), target = rand(r, n, 2);
        float[] loss = nan(1), grad = nan(n);
        LossKernels.meanSquaredError(pred, target, loss, grad, n);
        double[] t = d(target);
        java.util.function.Function<double[], Double> mse = p -> {
            double s = 0;
            for (int i = 0; i < n; i++) s += (p[i] - t[i]) * (p[i] - t[i]);
            return s / n;
        };
        double want = mse.apply(d(pred));
        assertEquals(want, loss[0], 1e-6 * Math.max(1, want));
        gradient("mse grad", grad, d(pred), mse, 1e-3, 1e-4);
    }
}
