package dev.ea4j.backend.cpu;

import static dev.ea4j.kernels.TestArrays.assertClose;
import static dev.ea4j.kernels.TestArrays.normal;
import static dev.ea4j.kernels.TestArrays.poisoned;

import dev.ea4j.kernels.EaRecurrentKernels;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cpu twins of EaRecurrentKernels (vector and scalar paths) against the reference kernels. */
class CpuEaRecurrentTest {

    static final double TOL = 1e-5;
    static final CpuPool POOL = new CpuPool(3);

    @ParameterizedTest(name = "B={0} D={1} p={2}")
    @CsvSource({"1, 1, 2", "1, 15, 6", "2, 17, 4", "3, 60, 8", "1, 100, 6", "3, 100, 2", "1, 768, 6",
                "64, 768, 6", "2, 33, 16"})
    void resetPrefillAndStepsMatchReference(int B, int D, int p) {
        int T = p + 1, L = 63, steps = 5;
        float[] k = normal(201, B * L * D, 0.9), v = normal(202, B * L * D, 1);
        float[] sRef = poisoned(B * D * T), zRef = poisoned(B * D * T), mRef = poisoned(B * D);
        EaRecurrentKernels.reset(sRef, zRef, mRef, B, D, p);
        EaRecurrentKernels.prefill(k, v, sRef, zRef, mRef, B, L, D, p);
        for (boolean vector : new boolean[] {true, false}) {
            String tag = (vector ? "vector" : "scalar") + " B=" + B + " D=" + D + " p=" + p;
            float[] s = poisoned(B * D * T), z = poisoned(B * D * T), m = poisoned(B * D);
            CpuEaRecurrent.reset(s, z, m, B, D, p);
            float[] sr = new float[s.length], zr = new float[z.length], mr = new float[m.length];
            EaRecurrentKernels.reset(sr, zr, mr, B, D, p);
            assertClose(sr, s, 0, tag + " reset s");
            assertClose(zr, z, 0, tag + " reset z");
            assertEquals(mr, m, tag + " reset m");
            CpuEaRecurrent.prefill(k, v, s, z, m, B, L, D, p, POOL, vector);
            assertClose(sRef, s, TOL, tag + " prefill s");
            assertClose(zRef, z, TOL, tag + " prefill z");
            assertClose(mRef, m, 0, tag + " prefill m");
            float[] sr2 = sRef.clone(), zr2 = zRef.clone(), mr2 = mRef.clone();
            for (int t = 0; t < steps; t++) {
                float[] q = normal(210 + t, B * D, 1.5), kt = normal(220 + t, B * D, 1.2), vt = normal(230 + t, B * D, 1);
                if (t == 2) for (int i = 0; i < kt.length; i += 3) kt[i] *= 1e-3f; // new minima: rescales
                float[] yRef = poisoned(B * D), y = poisoned(B * D);
                EaRecurrentKernels.decodeStep(q, kt, vt, yRef, sr2, zr2, mr2, B, D, p);
                CpuEaRecurrent.step(q, kt, vt, y, s, z, m, B, D, p, POOL, vector);
                assertClose(yRef, y, TOL, tag + " step " + t + " y");
                assertClose(sr2, s, TOL, tag + " step " + t + " s");
                assertClose(zr2, z, TOL, tag + " step " + t + " z");
                assertClose(mr2, m, 0, tag + " step " + t + " m");
            }
        }
    }

    @ParameterizedTest(name = "B={0} D={1} p={2}")
    @CsvSource({"1, 17, 6", "2, 40, 2"})
    void prefillFromEmptyStateWithExtremeKeys(int B, int D, int p) {
        int T = p + 1, L = 30;
        float[] k = normal(241, B * L * D, 1), v = normal(242, B * L * D, 1);
        for (int i = 0; i < k.length; i++) if (i % 2 == 0) k[i] += 250f;
        float[] sRef = new float[B * D * T], zRef = new float[B * D * T], mRef = new float[B * D];
        EaRecurrentKernels.reset(sRef, zRef, mRef, B, D, p);
        EaRecurrentKernels.prefill(k, v, sRef, zRef, mRef, B, L, D, p);
        for (boolean vector : new boolean[] {true, false}) {
            float[] s = poisoned(B * D * T), z = poisoned(B * D * T), m = poisoned(B * D);
            CpuEaRecurrent.reset(s, z, m, B, D, p);
            CpuEaRecurrent.prefill(k, v, s, z, m, B, L, D, p, POOL, vector);
            assertClose(sRef, s, TOL, "s");
            assertClose(zRef, z, TOL, "z");
            assertClose(mRef, m, 0, "m");
        }
    }

    private static void assertEquals(float[] expected, float[] actual, String what) {
        if (!Arrays.equals(expected, actual)) throw new AssertionError(what + ": differs");
    }
}
