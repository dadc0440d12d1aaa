package dev.ea4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The polynomial exp and the tanh built on it, lane by lane against java.lang.Math, including their edges. */
class CpuVectorMathTest {

    private static final int VL = CpuVectorMath.VL;

    /** f applied to a vector holding x in every lane, lane 0. */
    private static float lane(java.util.function.UnaryOperator<FloatVector> f, float x) {
        float[] out = new float[VL];
        f.apply(FloatVector.broadcast(CpuVectorMath.S, x)).intoArray(out, 0);
        for (int i = 1; i < VL; i++) assertEquals(Float.floatToRawIntBits(out[0]), Float.floatToRawIntBits(out[i]));
        return out[0];
    }

    @Test
    void expIsWithinTwoUlpsForNonPositiveArguments() {
        for (float x = -87.5f; x <= 0f; x += 0.01f) {
            double want = Math.exp(x);
            float got = lane(CpuVectorMath::exp, x);
            assertTrue(Math.abs(got - want) <= 2 * Math.ulp((float) want), "exp(" + x + ") = " + got + ", want " + want);
        }
        assertEquals(1f, lane(CpuVectorMath::exp, 0f));
        assertEquals(0f, lane(CpuVectorMath::exp, -100f));
        assertEquals(0f, lane(CpuVectorMath::exp, Float.NEGATIVE_INFINITY));
    }

    @Test
    void tanhIsWithinTwoTenMillionthsEverywhereAndOdd() {
        for (float u = -12f; u <= 12f; u += 0.001f) {
            double want = Math.tanh(u);
            float got = lane(CpuVectorMath::tanh, u);
            assertTrue(Math.abs(got - want) <= 2e-7, "tanh(" + u + ") = " + got + ", want " + want);
            assertEquals(-got, lane(CpuVectorMath::tanh, -u), "odd at " + u);
        }
        assertEquals(0f, lane(CpuVectorMath::tanh, 0f));
        assertEquals(1f, lane(CpuVectorMath::tanh, 60f));
        assertEquals(-1f, lane(CpuVectorMath::tanh, Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(lane(CpuVectorMath::tanh, Float.NaN)));
    }
}
