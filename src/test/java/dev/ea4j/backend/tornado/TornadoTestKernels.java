package dev.ea4j.backend.tornado;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/** Kernels for the tornado backend's tests: one TornadoVM compiles, one it cannot. */
public final class TornadoTestKernels {

    private TornadoTestKernels() {}

    /** y = x + c. x, y: [n]. */
    public static void addConstant(float[] x, float[] y, float c, int n) {
        for (@Parallel int i = 0; i < n; i++) y[i] = x[i] + c;
    }

    /** x[i] = the number of digits of i: allocates a String per element, which TornadoVM cannot compile. x: [n]. */
    public static void digits(float[] x, int n) {
        for (@Parallel int i = 0; i < n; i++) x[i] = String.valueOf(i).length();
    }
}
