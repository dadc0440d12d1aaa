package dev.ea4j.graph;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/** A tiny kernel family for the task-graph tests (no cpu twin, so it runs as the reference). */
public final class ScaleKernels {

    private ScaleKernels() {}

    /** y = x * factor. x, y: [n]. */
    public static void scale(float[] x, float[] y, float factor, int n) {
        for (@Parallel int i = 0; i < n; i++) y[i] = x[i] * factor;
    }

    /** y += 1. y: [n]. */
    public static void increment(float[] y, int n) {
        for (@Parallel int i = 0; i < n; i++) y[i] += 1f;
    }
}
