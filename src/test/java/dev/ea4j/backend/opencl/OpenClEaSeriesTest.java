package dev.ea4j.backend.opencl;

import static dev.ea4j.backend.opencl.OpenClParity.assertTwinMatches;
import static dev.ea4j.backend.opencl.OpenClParity.poisoned;
import static dev.ea4j.kernels.TestArrays.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.kernels.EaSeriesKernels;
import dev.ea4j.kernels.TestArrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The opencl twins of EaSeriesKernels against the java reference, through task graphs, on odd shapes and
 * chunkings (chunk 0 = device default, 256 rows on CPU devices); the hard inputs (falling keys, mixed queries,
 * extreme magnitudes) are in the conformance suite (verify.Conformance), which every backend runs.
 */
class OpenClEaSeriesTest {

    static final double FORWARD_TOL = 1e-5;
    static final double BACKWARD_TOL = 1e-4;

    @BeforeAll
    static void needsOpenCl() {
        OpenClParity.requireOpenCl("OpenClEaSeriesTest");
    }

    static final String SHAPES = """
            1, 1, 1, 2, 0, 0.9
            1, 1, 1, 6, 0, 0.9
            2, 63, 60, 6, 0, 0.9
            2, 63, 60, 2, 7, 1.5
            1, 1000, 60, 6, 0, 0.9
            1, 1000, 60, 2, 0, 0.5
            3, 517, 1, 2, 0, 0.9
            1, 517, 60, 6, 0, 1.2
            2, 517, 60, 6, 64, 0.9
            1, 517, 1, 6, 1, 0.9
            2, 130, 32, 6, 128, 0.9
            """;

    static void forward(int B, int L, int D, int p, int chunk, boolean causal, float[] q, float[] k, float[] v,
                        double tol, String what) {
        int n = B * L * D;
        assertTwinMatches(chunk, new float[][] {q, k, v}, poisoned(n), (g, o) -> causal
                ? g.task("f", EaSeriesKernels::causalForward, q, k, v, o[0], B, L, D, p)
                : g.task("f", EaSeriesKernels::forward, q, k, v, o[0], B, L, D, p), tol, what, "y");
    }

    static void backward(int B, int L, int D, int p, int chunk, boolean causal, float[] q, float[] k, float[] v,
                         double tol, String what) {
        int n = B * L * D;
        float[] gy = normal(99, n, 1);
        // the training pair in one graph; what the forward keeps for the backward (checkpoints
        // [B, ceil(L/64), 2p+3, D] when causal, sums [B, 2p+3, D] otherwise) is an intermediate, poisoned beforehand
        assertTwinMatches(chunk, new float[][] {q, k, v, gy}, poisoned(n, kept(B, L, D, p, causal), n, n, n),
                (g, o) -> causal
                        ? g.task("f", EaSeriesKernels::causalTrainingForward, q, k, v, o[0], o[1], B, L, D, p)
                                .task("b", EaSeriesKernels::causalBackward, q, k, v, gy, o[1], o[2], o[3], o[4], B,
                                        L, D, p)
                        : g.task("f", EaSeriesKernels::trainingForward, q, k, v, o[0], o[1], B, L, D, p)
                                .task("b", EaSeriesKernels::backward, q, k, v, gy, o[1], o[2], o[3], o[4], B, L, D, p),
                new double[] {FORWARD_TOL, 0, tol, tol, tol}, what, "y", null, "dq", "dk", "dv");
    }

    /** Length of what the training forward keeps for the backward: saved when causal, else sums. */
    static int kept(int B, int L, int D, int p, boolean causal) {
        return (int) EaSeriesKernels.savedFloats(B, L, D, p, causal);
    }

    static String name(int B, int L, int D, int p, int chunk, boolean causal) {
        return "EA-" + p + (causal ? " causal" : "") + " B=" + B + " L=" + L + " D=" + D + " chunk=" + chunk;
    }

    @ParameterizedTest(name = "B={0} L={1} D={2} p={3} chunk={4} scale={5}")
    @CsvSource(textBlock = SHAPES)
    void forwardMatchesReference(int B, int L, int D, int p, int chunk, double scale) {
        int n = B * L * D;
        float[] q = normal(1, n, scale), k = normal(2, n, scale), v = normal(3, n, 1);
        forward(B, L, D, p, chunk, false, q, k, v, FORWARD_TOL, name(B, L, D, p, chunk, false) + " forward");
    }

    @ParameterizedTest(name = "B={0} L={1} D={2} p={3} chunk={4} scale={5}")
    @CsvSource(textBlock = SHAPES)
    void causalForwardMatchesReference(int B, int L, int D, int p, int chunk, double scale) {
        int n = B * L * D;
        float[] q = normal(4, n, scale), k = normal(5, n, scale), v = normal(6, n, 1);
        forward(B, L, D, p, chunk, true, q, k, v, FORWARD_TOL, name(B, L, D, p, chunk, true) + " forward");
    }

    @ParameterizedTest(name = "B={0} L={1} D={2} p={3} chunk={4} scale={5}")
    @CsvSource(textBlock = SHAPES)
    void backwardMatchesReference(int B, int L, int D, int p, int chunk, double scale) {
        int n = B * L * D;
        float[] q = normal(7, n, scale), k = normal(8, n, scale), v = normal(9, n, 1);
        backward(B, L, D, p, chunk, false, q, k, v, BACKWARD_TOL, name(B, L, D, p, chunk, false) + " backward");
    }

    @ParameterizedTest(name = "B={0} L={1} D={2} p={3} chunk={4} scale={5}")
    @CsvSource(textBlock = SHAPES)
    void causalBackwardMatchesReference(int B, int L, int D, int p, int chunk, double scale) {
        int n = B * L * D;
        float[] q = normal(10, n, scale), k = normal(11, n, scale), v = normal(12, n, 1);
        backward(B, L, D, p, chunk, true, q, k, v, BACKWARD_TOL, name(B, L, D, p, chunk, true) + " backward");
    }

    /** causalTrainingForward's y is causalForward's, on the reference and on the twin. */
    @ParameterizedTest(name = "B={0} L={1} D={2} p={3} chunk={4} scale={5}")
    @CsvSource(textBlock = SHAPES)
    void causalTrainingForwardMatchesCausalForward(int B, int L, int D, int p, int chunk, double scale) {
        trainingForwardMatchesForward(B, L, D, p, chunk, scale, true);
    }

    /** trainingForward's y is forward's, on the reference and on the twin. */
    @ParameterizedTest(name = "B={0} L={1} D={2} p={3} chunk={4} scale={5}")
    @CsvSource(textBlock = SHAPES)
    void trainingForwardMatchesForward(int B, int L, int D, int p, int chunk, double scale) {
        trainingForwardMatchesForward(B, L, D, p, chunk, scale, false);
    }

    static void trainingForwardMatchesForward(int B, int L, int D, int p, int chunk, double scale, boolean causal) {
        int n = B * L * D;
        float[] q = normal(13, n, scale), k = normal(14, n, scale), v = normal(15, n, 1);
        String what = name(B, L, D, p, chunk, causal) + " training forward";
        OpenClParity.Outputs o = OpenClParity.run(chunk, g -> {
            float[] y = TestArrays.poisoned(n), yt = TestArrays.poisoned(n);
            float[] kept = TestArrays.poisoned(kept(B, L, D, p, causal));
            g.transferToDevice(DataTransferMode.EVERY_EXECUTION, q, k, v, y, yt, kept);
            if (causal) {
                g.task("f", EaSeriesKernels::causalForward, q, k, v, y, B, L, D, p)
                        .task("t", EaSeriesKernels::causalTrainingForward, q, k, v, yt, kept, B, L, D, p);
            } else {
                g.task("f", EaSeriesKernels::forward, q, k, v, y, B, L, D, p)
                        .task("t", EaSeriesKernels::trainingForward, q, k, v, yt, kept, B, L, D, p);
            }
            g.transferToHost(DataTransferMode.EVERY_EXECUTION, y, yt);
            return new float[][] {y, yt};
        });
        TestArrays.assertFinite(o.reference()[1], what + " (reference)");
        assertArrayEquals(o.reference()[0], o.reference()[1], what + " (reference)");
        TestArrays.assertFinite(o.opencl()[1], what);
        assertArrayEquals(o.opencl()[0], o.opencl()[1], what);
        o.assertClose(1, FORWARD_TOL, what);
    }
}
