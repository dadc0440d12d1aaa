package dev.ea4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reference dropout: rate, scale, independence of sites and seeds, identity at rate 0. */
class DropoutKernelsTest {

    private static final int N = 200_000;

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 0.9})
    void dropsTheRateAndScalesTheRest(double rate) {
        float[] x = ramp(N), y = new float[N];
        DropoutKernels.dropout(x, y, new int[] {DropoutKernels.threshold(rate), 42}, 3, N);
        int dropped = 0;
        int t = DropoutKernels.threshold(rate);
        float scale = (float) DropoutKernels.ONE / (float) (DropoutKernels.ONE - t);
        assertEquals(1 / (1 - rate), scale, 1e-6 / (1 - rate));
        for (int i = 0; i < N; i++) {
            if (y[i] == 0f) dropped++;
            else assertEquals(x[i] * scale, y[i], 0f, "kept element " + i);
        }
        // binomial: 5 standard deviations of N draws
        double sd = Math.sqrt(N * rate * (1 - rate));
        assertEquals(N * rate, dropped, 5 * sd, "dropped " + dropped + " of " + N);
    }

    @Test
    void rateZeroIsTheIdentity() {
        float[] x = ramp(1000), y = new float[1000];
        DropoutKernels.dropout(x, y, new int[] {0, 99}, 1, 1000);
        assertArrayEquals(x, y);
    }

    @Test
    void sitesAndSeedsDrawIndependentMasks() {
        int t = DropoutKernels.threshold(0.5);
        boolean[] a = mask(new int[] {t, 1}, 1), sameAgain = mask(new int[] {t, 1}, 1);
        boolean[] otherSite = mask(new int[] {t, 1}, 2), otherSeed = mask(new int[] {t, 2}, 1);
        assertArrayEquals(a, sameAgain);
        // independent masks agree on half the elements
        for (boolean[] b : new boolean[][] {otherSite, otherSeed}) {
            int agree = 0;
            for (int i = 0; i < N; i++) if (a[i] == b[i]) agree++;
            assertEquals(N / 2.0, agree, 5 * Math.sqrt(N / 4.0), "agreement " + agree);
        }
    }

    @Test
    void neighbouringElementsAreNotCorrelated() {
        boolean[] m = mask(new int[] {DropoutKernels.threshold(0.5), 7}, 0);
        int same = 0;
        for (int i = 1; i < N; i++) if (m[i] == m[i - 1]) same++;
        assertEquals((N - 1) / 2.0, same, 5 * Math.sqrt(N / 4.0));
    }

    @Test
    void rejectsRatesOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> DropoutKernels.threshold(1.0));
        assertThrows(IllegalArgumentException.class, () -> DropoutKernels.threshold(-0.1));
        assertThrows(IllegalArgumentException.class, () -> DropoutKernels.threshold(Double.NaN));
        assertTrue(DropoutKernels.threshold(0.999) < DropoutKernels.ONE);
    }

    private static boolean[] mask(int[] control, int salt) {
        float[] x = new float[N], y = new float[N];
        java.util.Arrays.fill(x, 1f);
        DropoutKernels.dropout(x, y, control, salt, N);
        boolean[] keep = new boolean[N];
        for (int i = 0; i < N; i++) keep[i] = y[i] != 0f;
        return keep;
    }

    private static float[] ramp(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = 1f + (i % 97) * 0.25f;
        return x;
    }
}
