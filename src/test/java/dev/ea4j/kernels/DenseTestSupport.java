package dev.ea4j.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

/** Shared helpers for the dense / norm / loss / softmax-attention kernel tests: data, NaN poison, checks, FD. */
final class DenseTestSupport {

    private DenseTestSupport() {}

    static float[] rand(Random r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        return a;
    }

    static float[] nan(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return a;
    }

    static double[] d(float[] a) {
        double[] o = new double[a.length];
        for (int i = 0; i < a.length; i++) o[i] = a[i];
        return o;
    }

    /** Asserts |got - want| <= atol + rtol |want| element-wise (and no NaN left). */
    static void close(String what, float[] got, double[] want, double rtol, double atol) {
        if (got.length != want.length) fail(what + ": length " + got.length + " != " + want.length);
        for (int i = 0; i < got.length; i++) {
            double err = Math.abs(got[i] - want[i]);
            if (!(err <= atol + rtol * Math.abs(want[i]))) {
                fail(what + ": at " + i + " got " + got[i] + " want " + want[i] + " (err " + err + ")");
            }
        }
    }

    static void close(String what, float[] got, float[] want, double rtol, double atol) {
        close(what, got, d(want), rtol, atol);
    }

    /**
     * Asserts an analytic gradient against central differences of a double loss, tolerance relative to the
     * largest gradient entry: |g - fd| <= rtol * max(1e-3, max |fd|).
     */
    static void gradient(String what, float[] analytic, double[] x, Function<double[], Double> loss, double h,
                         double rtol) {
        double[] fd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double keep = x[i];
            x[i] = keep + h;
            double up = loss.apply(x);
            x[i] = keep - h;
            double down = loss.apply(x);
            x[i] = keep;
            fd[i] = (up - down) / (2 * h);
        }
        double scale = 1e-3;
        for (double v : fd) scale = Math.max(scale, Math.abs(v));
        close(what, analytic, fd, 0, rtol * scale);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
