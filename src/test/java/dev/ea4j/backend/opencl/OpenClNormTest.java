package dev.ea4j.backend.opencl;

import static dev.ea4j.backend.DataTransferMode.EVERY_EXECUTION;
import static dev.ea4j.kernels.TestArrays.normal;
import static dev.ea4j.kernels.TestArrays.poisoned;

import dev.ea4j.kernels.NormKernels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OpenCL twins of NormKernels vs the java reference, both through TaskGraph + ExecutionPlan. */
class OpenClNormTest {

    /** Row sums reduced as a tree instead of in order: a few ulp. */
    private static final double TOL = 1e-5;

    @BeforeAll
    static void needsOpenCl() {
        OpenClParity.requireOpenCl("OpenClNormTest");
    }

    @ParameterizedTest(name = "rows={0} cols={1}")
    @CsvSource({"1, 1", "1, 2", "37, 53", "130, 768", "5, 1000", "300, 7"})
    void layerNormForwardMatchesReference(int rows, int cols) {
        OpenClParity.Outputs o = OpenClParity.run(g -> {
            float[] x = normal(71, rows * cols, 2), gamma = normal(72, cols, 1), beta = normal(73, cols, 1);
            for (int i = 0; i < x.length; i++) x[i] += 0.5f;
            float[] y = poisoned(rows * cols), mean = poisoned(rows), rstd = poisoned(rows);
            g.transferToDevice(EVERY_EXECUTION, x, gamma, beta)
                    .task("ln", NormKernels::layerNorm, x, gamma, beta, y, mean, rstd, rows, cols, 1e-5f)
                    .transferToHost(EVERY_EXECUTION, y, mean, rstd);
            return new float[][] {y, mean, rstd};
        });
        // cols = 1 has zero variance: rstd = 1/sqrt(eps) ~ 316, so its scale sets the tolerance there
        o.assertClose(0, TOL, "layerNorm y");
        o.assertClose(1, TOL, "layerNorm mean");
        o.assertClose(2, TOL, "layerNorm rstd");
    }

    @ParameterizedTest(name = "rows={0} cols={1}")
    @CsvSource({"1, 1", "1, 2", "37, 53", "130, 768", "5, 1000", "300, 7"})
    void layerNormBackwardMatchesReference(int rows, int cols) {
        OpenClParity.Outputs o = OpenClParity.run(g -> {
            float[] x = normal(81, rows * cols, 2), gamma = normal(82, cols, 1), beta = normal(83, cols, 1);
            float[] gy = normal(84, rows * cols, 1);
            // the saved statistics come from the reference forward, the same on both devices
            float[] mean = new float[rows], rstd = new float[rows];
            NormKernels.layerNorm(x, gamma, beta, new float[rows * cols], mean, rstd, rows, cols, 1e-5f);
            float[] gx = poisoned(rows * cols), dgamma = poisoned(cols), dbeta = poisoned(cols);
            g.transferToDevice(EVERY_EXECUTION, x, gamma, mean, rstd, gy)
                    .task("lnb", NormKernels::layerNormBackward, x, gamma, mean, rstd, gy, gx, dgamma, dbeta, rows, cols)
                    .transferToHost(EVERY_EXECUTION, gx, dgamma, dbeta);
            return new float[][] {gx, dgamma, dbeta};
        });
        o.assertClose(0, TOL, "layerNormBackward gx");
        o.assertClose(1, TOL * Math.sqrt(rows), "layerNormBackward dgamma");
        o.assertClose(2, TOL * Math.sqrt(rows), "layerNormBackward dbeta");
    }
}
