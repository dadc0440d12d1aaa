package dev.ea4j.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded inputs, NaN-poisoned outputs and tolerance checks shared by kernel tests. */
public final class TestArrays {

    private TestArrays() {}

    /** n values drawn N(0, scale^2) from a seeded generator. */
    public static float[] normal(long seed, int n, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (scale * gaussian(r));
        return x;
    }

    /** An output array filled with NaN, so an element the kernel forgets to write fails the check. */
    public static float[] poisoned(int n) {
        float[] x = new float[n];
        Arrays.fill(x, Float.NaN);
        return x;
    }

    /** Widens to double. */
    public static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    /** Asserts max |actual - expected| <= tol * max(1, max |expected|), and that actual is finite. */
    public static void assertClose(double[] expected, float[] actual, double tol, String what) {
        double scale = 1;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.length; i++) {
            if (!Float.isFinite(actual[i])) fail(what + ": non-finite " + actual[i] + " at " + i + " (expected " + expected[i] + ")");
            double err = Math.abs(actual[i] - expected[i]);
            if (err > worst) {
                worst = err;
                worstAt = i;
            }
        }
        if (worst > tol * scale) {
            fail(what + ": max error " + worst + " at " + worstAt + " > " + tol + " x scale " + scale
                    + "; expected " + expected[worstAt] + ", got " + actual[worstAt]);
        }
    }

    /** As {@link #assertClose(double[], float[], double, String)} with a float expectation. */
    public static void assertClose(float[] expected, float[] actual, double tol, String what) {
        assertClose(toDouble(expected), actual, tol, what);
    }

    /** Asserts every element is finite. */
    public static void assertFinite(float[] x, String what) {
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) fail(what + ": non-finite value " + x[i] + " at " + i);
        }
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble(), w = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
    }
}
