package dev.ea4j.verify;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.graph.TaskGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The arrays of one conformance case: seeded inputs, NaN-poisoned outputs, in-place arrays and scratch.
 * Every array is registered for a host-to-device transfer in the case's graph as soon as it is made, so
 * the transfers precede the tasks that use it. The same seed gives the same inputs on every device.
 */
public final class Buffers {

    /** What the runner does with an array. */
    enum Role {
        /** Read by the kernels; not compared. */
        IN,
        /** Written by the kernels; NaN-poisoned before, compared after. */
        OUT,
        /** Read and written (in place); seeded before, compared after. */
        INOUT,
        /** Kernel scratch; NaN-poisoned before, not compared. */
        SCRATCH
    }

    /** A named array, its role, and its own tolerance (NaN: the case's). */
    record Named(String name, Role role, Object array, double tolerance) {}

    private final TaskGraph graph;
    private final SplittableRandom rnd;
    private final List<Named> arrays = new ArrayList<>();

    Buffers(TaskGraph graph, long seed) {
        this.graph = graph;
        this.rnd = new SplittableRandom(seed);
    }

    /** Uniform random input in [-1, 1). */
    public float[] in(String name, int n) {
        return in(name, n, -1f, 1f);
    }

    /** Uniform random input in [lo, hi). */
    public float[] in(String name, int n, float lo, float hi) {
        return add(name, Role.IN, random(n, lo, hi));
    }

    /** Normal random input N(0, sigma^2). */
    public float[] normal(String name, int n, double sigma) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (sigma * rnd.nextGaussian());
        return add(name, Role.IN, a);
    }

    /**
     * Keys k_ic = sign_c (2.5 (1 - i/L) + 0.05) (1 + 0.05 N(0, 1)), [B, L, D]: |k| falls along i in every channel,
     * so the running minimum of k^2 moves (an EA-series rescale) in most rows.
     */
    public float[] fallingKeys(String name, int B, int L, int D) {
        float[] k = new float[B * L * D];
        for (int b = 0; b < B; b++) {
            for (int i = 0; i < L; i++) {
                for (int c = 0; c < D; c++) {
                    float sign = (c * 7 + b) % 3 == 0 ? -1f : 1f;
                    double noise = 1 + 0.05 * rnd.nextGaussian();
                    k[(b * L + i) * D + c] = sign * (float) ((2.5 * (1.0 - (double) i / L) + 0.05) * noise);
                }
            }
        }
        return add(name, Role.IN, k);
    }

    /** Queries N(0, 1.3^2) (|q| > 1 in about 44%), every 5th 40x larger, every 7th (from the 4th) 1000x smaller. */
    public float[] mixedQueries(String name, int n) {
        float[] q = new float[n];
        for (int i = 0; i < n; i++) q[i] = (float) (1.3 * rnd.nextGaussian());
        for (int i = 0; i < n; i += 5) q[i] *= 40f;
        for (int i = 3; i < n; i += 7) q[i] *= 1e-3f;
        return add(name, Role.IN, q);
    }

    /** An input with the given values (copied). */
    public float[] given(String name, float[] values) {
        return add(name, Role.IN, values.clone());
    }

    /** An integer input with the given values (copied). */
    public int[] given(String name, int[] values) {
        return add(name, Role.IN, values.clone());
    }

    /** Random class labels in [0, classes). */
    public int[] labels(String name, int n, int classes) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = rnd.nextInt(classes);
        return add(name, Role.IN, a);
    }

    /** An output, NaN-poisoned. */
    public float[] out(String name, int n) {
        return out(name, n, Double.NaN);
    }

    /** An output, NaN-poisoned, compared with its own {@code tolerance} instead of the case's. */
    public float[] out(String name, int n, double tolerance) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return add(name, Role.OUT, a, tolerance);
    }

    /** An array updated in place: uniform random in [-1, 1), compared afterwards. */
    public float[] inout(String name, int n) {
        return add(name, Role.INOUT, random(n, -1f, 1f));
    }

    /** Scratch space, NaN-poisoned and not compared. */
    public float[] scratch(String name, int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return add(name, Role.SCRATCH, a);
    }

    List<Named> arrays() {
        return arrays;
    }

    private float[] random(int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * (float) rnd.nextDouble();
        return a;
    }

    private <T> T add(String name, Role role, T array) {
        return add(name, role, array, Double.NaN);
    }

    private <T> T add(String name, Role role, T array, double tolerance) {
        for (Named x : arrays) {
            if (x.name().equals(name)) throw new IllegalArgumentException("duplicate buffer name " + name);
        }
        arrays.add(new Named(name, role, array, tolerance));
        graph.transferToDevice(DataTransferMode.EVERY_EXECUTION, array);
        return array;
    }
}
