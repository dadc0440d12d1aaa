package dev.ea4j.kernels;

import static dev.ea4j.kernels.DenseTestSupport.*;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Reference dense kernels against naive double formulas, and their gradients against finite differences. */
class DenseKernelsTest {

    /** c = op(a) op(b) in double; ta/tb say whether a is stored [K, M] / b is stored [N, K]. */
    static double[] mm(double[] a, double[] b, int M, int N, int K, boolean ta, boolean tb) {
        double[] c = new double[M * N];
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                double s = 0;
                for (int p = 0; p < K; p++) s += (ta ? a[p * M + i] : a[i * K + p]) * (tb ? b[j * K + p] : b[p * N + j]);
                c[i * N + j] = s;
            }
        }
        return c;
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "37,29,53", "130,96,70", "3,1,17"})
    void matmulsMatchDouble(int M, int N, int K) {
        Random r = new Random(M * 1000 + N * 10 + K);
        float[] a = rand(r, M * K, 1);
        float[] b = rand(r, K * N, 1);
        double tol = 1e-6 * Math.sqrt(K);
        float[] c = nan(M * N);
        DenseKernels.matmul(a, b, c, M, N, K);
        close("matmul", c, mm(d(a), d(b), M, N, K, false, false), tol, tol);
        c = nan(M * N);
        DenseKernels.matmulTransposeB(a, b, c, M, N, K); // b read as [N, K]
        close("matmulTransposeB", c, mm(d(a), d(b), M, N, K, false, true), tol, tol);
        c = nan(M * N);
        DenseKernels.matmulTransposeA(a, b, c, M, N, K); // a read as [K, M]
        close("matmulTransposeA", c, mm(d(a), d(b), M, N, K, true, false), tol, tol);
    }

    /** For c = a b and loss = sum w c: da = w b^T (matmulTransposeB), db = a^T w (matmulTransposeA). */
    @Test
    void matmulGradientsAreTheTransposedMatmuls() {
        int M = 5, N = 7, K = 6;
        Random r = new Random(3);
        float[] a = rand(r, M * K, 1);
        float[] b = rand(r, K * N, 1);
        double[] w = d(rand(r, M * N, 1));
        float[] wf = new float[w.length];
        for (int i = 0; i < w.length; i++) wf[i] = (float) w[i];
        float[] da = nan(M * K);
        DenseKernels.matmulTransposeB(wf, b, da, M, K, N);
        float[] db = nan(K * N);
        DenseKernels.matmulTransposeA(a, wf, db, K, N, M);
        double[] bd = d(b);
        double[] ad = d(a);
        gradient("da", da, d(a), x -> dot(w, mm(x, bd, M, N, K, false, false)), 1e-3, 1e-4);
        gradient("db", db, d(b), x -> dot(w, mm(ad, x, M, N, K, false, false)), 1e-3, 1e-4);
    }

    @ParameterizedTest
    @CsvSource({"1,1", "3,60", "17,130"})
    void biasAndAdd(int rows, int cols) {
        Random r = new Random(rows + cols);
        float[] x = rand(r, rows * cols, 1);
        float[] bias = rand(r, cols, 1);
        double[] want = new double[rows * cols];
        double[] gb = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < cols; c++) {
                want[i * cols + c] = (double) x[i * cols + c] + bias[c];
                gb[c] += x[i * cols + c];
            }
        }
        float[] gbf = nan(cols);
        DenseKernels.biasGradient(x, gbf, rows, cols);
        close("biasGradient", gbf, gb, 1e-5, 1e-5);
        float[] y = nan(rows * cols);
        DenseKernels.add(x, x, y, rows * cols);
        double[] twice = d(x);
        for (int i = 0; i < twice.length; i++) twice[i] *= 2;
        close("add", y, twice, 0, 0);
        DenseKernels.addBias(x, bias, rows, cols);
        close("addBias", x, want, 1e-7, 1e-7);
    }

    static double gelu(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    @ParameterizedTest
    @CsvSource({"1", "63", "130"})
    void geluAndItsGradient(int n) {
        Random r = new Random(n);
        float[] x = rand(r, n, 4);
        float[] y = nan(n);
        DenseKernels.gelu(x, y, n);
        double[] want = new double[n];
        for (int i = 0; i < n; i++) want[i] = gelu(x[i]);
        close("gelu", y, want, 1e-6, 1e-6);
        double[] w = d(rand(r, n, 1));
        float[] gy = new float[n];
        for (int i = 0; i < n; i++) gy[i] = (float) w[i];
        float[] gx = nan(n);
        DenseKernels.geluBackward(x, gy, gx, n);
        gradient("geluBackward", gx, d(x), xs -> {
            double s = 0;
            for (int i = 0; i < n; i++) s += w[i] * gelu(xs[i]);
            return s;
        }, 1e-4, 1e-3);
    }
}
