package dev.ea4j.backend.opencl;

import static dev.ea4j.backend.DataTransferMode.EVERY_EXECUTION;
import static dev.ea4j.backend.DataTransferMode.FIRST_EXECUTION;
import static dev.ea4j.kernels.TestArrays.normal;
import static dev.ea4j.kernels.TestArrays.poisoned;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.DenseKernels;
import dev.ea4j.kernels.TestArrays;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** OpenCL twins of DenseKernels vs the java reference, both through TaskGraph + ExecutionPlan. */
class OpenClDenseTest {

    /** Element-wise ops: a few ulp of the reference. */
    private static final double ELEMENTWISE_TOL = 1e-5;

    @BeforeAll
    static void needsOpenCl() {
        OpenClParity.requireOpenCl("OpenClDenseTest");
    }

    /** Matmul tolerance: rounding grows like sqrt(K) (the tiled sum and fma differ in order from the reference). */
    private static double matmulTol(int K) {
        return 1e-5 * Math.sqrt(Math.max(1, K));
    }

    @ParameterizedTest(name = "{0} M={1} N={2} K={3}")
    @CsvSource({
        "matmul, 1, 1, 1", "matmul, 37, 29, 53", "matmul, 130, 96, 70", "matmul, 257, 65, 129",
        "transposeB, 1, 1, 1", "transposeB, 37, 29, 53", "transposeB, 130, 96, 70", "transposeB, 257, 65, 129",
        "transposeA, 1, 1, 1", "transposeA, 37, 29, 53", "transposeA, 130, 96, 70", "transposeA, 257, 65, 129",
        "matmul, 64, 64, 16", "transposeB, 3, 200, 17", "transposeA, 200, 3, 1"
    })
    void matmulMatchesReference(String layout, int M, int N, int K) {
        OpenClParity.Outputs o = OpenClParity.run(g -> {
            float[] a = normal(11, M * K, 1), b = normal(12, K * N, 1), c = poisoned(M * N);
            g.transferToDevice(EVERY_EXECUTION, a, b);
            switch (layout) {
                case "matmul" -> g.task("mm", DenseKernels::matmul, a, b, c, M, N, K);
                case "transposeB" -> g.task("mm", DenseKernels::matmulTransposeB, a, b, c, M, N, K);
                default -> g.task("mm", DenseKernels::matmulTransposeA, a, b, c, M, N, K);
            }
            g.transferToHost(EVERY_EXECUTION, c);
            return new float[][] {c};
        });
        o.assertAllClose(matmulTol(K), layout + " " + M + "x" + N + "x" + K);
    }

    /**
     * The other tile shapes LaunchGeometry can pick (the GPU default: 16 x 16 strided 4 x 4 blocks; a
     * degenerate 1 x 1 x 1 tile; an odd 3 x 3 work-group with 5 x 5 blocks), forced by properties so that
     * a CPU-only machine still compiles and checks them.
     */
    @ParameterizedTest(name = "wg={0} rb={1} tk={2} contig={3}")
    @CsvSource({"16, 4, 16, false", "1, 1, 1, true", "3, 5, 7, false", "3, 5, 7, true"})
    void matmulMatchesReferenceUnderOtherTileShapes(String wg, String rb, String tk, String contig) {
        String[] keys = {LaunchGeometry.MATMUL_WG_PROPERTY, LaunchGeometry.MATMUL_RB_PROPERTY,
            LaunchGeometry.MATMUL_TK_PROPERTY, LaunchGeometry.MATMUL_CONTIG_PROPERTY};
        String[] values = {wg, rb, tk, contig};
        String[] old = new String[keys.length];
        for (int i = 0; i < keys.length; i++) old[i] = System.setProperty(keys[i], values[i]);
        try {
            for (String layout : new String[] {"matmul", "transposeB", "transposeA"}) {
                matmulMatchesReference(layout, 1, 1, 1);
                matmulMatchesReference(layout, 257, 65, 129);
            }
        } finally {
            for (int i = 0; i < keys.length; i++) {
                if (old[i] == null) System.clearProperty(keys[i]);
                else System.setProperty(keys[i], old[i]);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "37, 53", "130, 96", "5, 1000"})
    void addBiasAndBiasGradientMatchReference(int rows, int cols) {
        OpenClParity.Outputs o = OpenClParity.run(g -> {
            float[] x = normal(21, rows * cols, 2), bias = normal(22, cols, 1), gb = poisoned(cols);
            g.transferToDevice(EVERY_EXECUTION, x, bias)
                    .task("bias", DenseKernels::addBias, x, bias, rows, cols)
                    .task("grad", DenseKernels::biasGradient, x, gb, rows, cols)
                    .transferToHost(EVERY_EXECUTION, x, gb);
            return new float[][] {x, gb};
        });
        o.assertClose(0, ELEMENTWISE_TOL, "addBias");
        o.assertClose(1, 1e-5 * Math.sqrt(rows), "biasGradient");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63, 4099})
    void geluGeluBackwardAndAddMatchReference(int n) {
        OpenClParity.Outputs o = OpenClParity.run(g -> {
            float[] x = normal(31, n, 3), gy = normal(32, n, 1);
            float[] y = poisoned(n), gx = poisoned(n), sum = poisoned(n);
            g.transferToDevice(EVERY_EXECUTION, x, gy)
                    .task("gelu", DenseKernels::gelu, x, y, n)
                    .task("geluBackward", DenseKernels::geluBackward, x, gy, gx, n)
                    .task("add", DenseKernels::add, x, gy, sum, n)
                    .transferToHost(EVERY_EXECUTION, y, gx, sum);
            return new float[][] {y, gx, sum};
        });
        o.assertClose(0, ELEMENTWISE_TOL, "gelu");
        o.assertClose(1, ELEMENTWISE_TOL, "geluBackward");
        o.assertClose(2, 0, "add");
    }

    /** FIRST_EXECUTION weights stay on the device: the second run ignores later host changes and repeats the first. */
    @Test
    void firstExecutionWeightsPersistOnTheDevice() {
        int M = 37, N = 29, K = 53;
        float[] w = normal(41, N * K, 1), bias = normal(42, N, 1), x = normal(43, M * K, 1);
        float[] expected = new float[M * N];
        DenseKernels.matmulTransposeB(x, w, expected, M, N, K);
        DenseKernels.addBias(expected, bias, M, N);
        float[] y = poisoned(M * N);
        TaskGraph g = new TaskGraph("layer")
                .transferToDevice(FIRST_EXECUTION, w, bias)
                .transferToDevice(EVERY_EXECUTION, x)
                .task("linear", DenseKernels::matmulTransposeB, x, w, y, M, N, K)
                .task("bias", DenseKernels::addBias, y, bias, M, N)
                .transferToHost(EVERY_EXECUTION, y);
        try (ExecutionPlan plan = new ExecutionPlan(g.snapshot()).withDevice("opencl:0").withStrict(true)) {
            plan.execute();
            float[] first = y.clone();
            TestArrays.assertClose(expected, first, matmulTol(K), "first run");
            Arrays.fill(w, 1e6f);
            Arrays.fill(bias, Float.NaN);
            Arrays.fill(y, Float.NaN);
            plan.execute();
            assertArrayEquals(first, y, "second run uses the device copies of the FIRST_EXECUTION weights");
        }
    }
}
