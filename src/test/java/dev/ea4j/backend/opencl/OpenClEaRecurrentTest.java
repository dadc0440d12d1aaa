package dev.ea4j.backend.opencl;

import static dev.ea4j.backend.opencl.OpenClParity.assertTwinMatches;
import static dev.ea4j.backend.opencl.OpenClParity.poisoned;
import static dev.ea4j.kernels.TestArrays.normal;

import dev.ea4j.kernels.EaRecurrentKernels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The opencl twins of EaRecurrentKernels (reset, prefill, step for a whole batch) against the java reference. */
class OpenClEaRecurrentTest {

    @BeforeAll
    static void needsOpenCl() {
        OpenClParity.requireOpenCl("OpenClEaRecurrentTest");
    }

    /**
     * reset, prefill a prompt of L1 rows, prefill L2 more (onto a non-empty state), then three batched steps;
     * compares the three step outputs and the final state s, z, m.
     */
    static void session(int B, int L1, int L2, int D, int p, int chunk, float qScale, float kOffset, long seed) {
        int bd = B * D, st = bd * (p + 1);
        float[] k1 = normal(seed, B * L1 * D, 0.9), v1 = normal(seed + 1, B * L1 * D, 1);
        float[] k2 = normal(seed + 2, B * L2 * D, 0.9), v2 = normal(seed + 3, B * L2 * D, 1);
        for (int i = 0; i < k2.length; i++) k2[i] += kOffset;
        float[][] tok = new float[9][];
        for (int t = 0; t < 9; t++) tok[t] = normal(seed + 10 + t, bd, t % 3 == 0 ? qScale : 0.9);
        float[][] in = {k1, v1, k2, v2, tok[0], tok[1], tok[2], tok[3], tok[4], tok[5], tok[6], tok[7], tok[8]};
        // state poisoned: reset must write every element
        float[][] out = poisoned(st, st, bd, bd, bd, bd);
        assertTwinMatches(chunk, in, out, (g, o) -> g
                        .task("reset", EaRecurrentKernels::reset, o[0], o[1], o[2], B, D, p)
                        .task("prefill1", EaRecurrentKernels::prefill, k1, v1, o[0], o[1], o[2], B, L1, D, p)
                        .task("prefill2", EaRecurrentKernels::prefill, k2, v2, o[0], o[1], o[2], B, L2, D, p)
                        .task("step1", EaRecurrentKernels::decodeStep, tok[0], tok[1], tok[2], o[3], o[0], o[1], o[2], B, D, p)
                        .task("step2", EaRecurrentKernels::decodeStep, tok[3], tok[4], tok[5], o[4], o[0], o[1], o[2], B, D, p)
                        .task("step3", EaRecurrentKernels::decodeStep, tok[6], tok[7], tok[8], o[5], o[0], o[1], o[2], B, D, p),
                new double[] {1e-5, 1e-5, 0, 1e-5, 1e-5, 1e-5},
                "recurrent B=" + B + " L=" + L1 + "+" + L2 + " D=" + D + " p=" + p + " chunk=" + chunk,
                "s", "z", "m", "y1", "y2", "y3");
    }

    @ParameterizedTest(name = "B={0} L={1}+{2} D={3} p={4} chunk={5}")
    @CsvSource({"1, 1, 1, 1, 2, 0", "2, 63, 1, 60, 6, 0", "1, 517, 63, 60, 6, 0", "3, 1000, 517, 1, 2, 0",
                "2, 517, 63, 60, 2, 7", "1, 63, 1000, 60, 6, 64"})
    void resetPrefillStepMatchReference(int B, int L1, int L2, int D, int p, int chunk) {
        session(B, L1, L2, D, p, chunk, 0.9f, 0f, 31);
    }
}
