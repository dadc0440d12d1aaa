package dev.ea4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ea4j.kernels.DropoutKernels;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The cpu dropout twin draws bit for bit the reference's mask, on both paths, with vector tails and offsets. */
class CpuDropoutTest {

    static java.util.List<Boolean> paths() {
        return CpuDenseTwinsTest.paths();
    }

    @ParameterizedTest(name = "vector={0}")
    @MethodSource("paths")
    void matchesTheReferenceBitForBit(boolean vector) {
        Random r = new Random(5);
        for (int n : new int[] {1, 7, 8, 17, 1000, 40_003}) {
            for (double rate : new double[] {0, 0.1, 0.5, 0.97}) {
                float[] x = CpuDenseTwinsTest.rand(r, n, 3);
                int[] control = {DropoutKernels.threshold(rate), r.nextInt()};
                int salt = r.nextInt();
                float[] want = new float[n], got = CpuDenseTwinsTest.nan(n);
                DropoutKernels.dropout(x, want, control, salt, n);
                CpuDropout.dropout(x, got, control, salt, n, CpuDenseTwinsTest.POOL, vector);
                assertArrayEquals(want, got, "n=" + n + " rate=" + rate);
            }
        }
    }
}
