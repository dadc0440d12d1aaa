package dev.ea4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardizerAndSplitTest {

    private static final double TOL = 1e-9;

    @Test
    void fitsOnTrainOnlyOverAllTimeSteps() {
        // dim 0 values 1,2,3,4,5,6 over two samples of unequal length; dim 1 constant 7
        ClassificationDataset train = ClassificationDataset.of("t",
                List.of(new float[][] {{1, 7}, {2, 7}}, new float[][] {{3, 7}, {4, 7}, {5, 7}, {6, 7}}),
                new int[] {0, 1}, List.of("a", "b"), 2, 0);
        Standardizer s = Standardizer.fit(train);
        assertEquals(3.5, s.mean(0), TOL);
        assertEquals(Math.sqrt(17.5 / 6), s.std(0), TOL, "population std over all 6 time steps");
        assertEquals(7, s.mean(1), TOL);
        assertEquals(Standardizer.STD_FLOOR, s.std(1), 0, "constant dimension: std floored");

        ClassificationDataset test = ClassificationDataset.of("x", List.<float[][]>of(new float[][] {{100, 8}}),
                new int[] {1}, List.of("a", "b"), 2, 0);
        ClassificationDataset tt = s.transform(test);
        assertEquals((100 - 3.5) / Math.sqrt(17.5 / 6), tt.series().get(0)[0][0], 1e-4);
        assertEquals(100f, test.series().get(0)[0][0], 0f, "transform copies");
        ClassificationDataset trT = s.transform(train);
        double sum = 0;
        for (float[][] x : trT.series()) for (float[] r : x) sum += r[0];
        assertEquals(0, sum, 1e-5, "train mean becomes 0");
    }

    @Test
    void inverseRoundTrip() {
        float[][] x = {{1.5f, -2f, 1000f}, {3f, 0.25f, 1010f}, {-7f, 9f, 990f}};
        Standardizer s = Standardizer.fit(List.<float[][]>of(x), 3);
        float[][] back = s.inverse(s.transform(x));
        for (int t = 0; t < x.length; t++) assertArrayEquals(x[t], back[t], 1e-4f);
        float[] flat = new float[9];
        float[][] y = s.transform(x);
        for (int t = 0; t < 3; t++) System.arraycopy(y[t], 0, flat, 3 * t, 3);
        s.inverseInPlace(flat, 0, 3);
        for (int t = 0; t < 3; t++) assertArrayEquals(x[t], Arrays.copyOfRange(flat, 3 * t, 3 * t + 3), 1e-4f);
    }

    @Test
    void stratifiedSplitIsDeterministicStratifiedAndDisjoint() {
        int[] labels = new int[270];
        for (int i = 0; i < labels.length; i++) labels[i] = i / 30; // 9 classes x 30, like JapaneseVowels
        StratifiedSplit a = StratifiedSplit.of(labels, 9, 0.2, 42);
        StratifiedSplit b = StratifiedSplit.of(labels, 9, 0.2, 42);
        assertArrayEquals(a.train(), b.train());
        assertArrayEquals(a.validation(), b.validation());
        assertEquals(54, a.validation().length);
        assertEquals(216, a.train().length);
        int[] perClass = new int[9];
        for (int i : a.validation()) perClass[labels[i]]++;
        for (int c = 0; c < 9; c++) assertEquals(6, perClass[c]);
        boolean[] seen = new boolean[270];
        for (int i : a.train()) seen[i] = true;
        for (int i : a.validation()) {
            assertFalse(seen[i], "overlap at " + i);
            seen[i] = true;
        }
        for (boolean s : seen) assertEquals(true, s);
        StratifiedSplit c = StratifiedSplit.of(labels, 9, 0.2, 43);
        assertNotEquals(Arrays.toString(a.validation()), Arrays.toString(c.validation()), "seed matters");
    }

    @Test
    void smallClassesKeepOneOnEachSide() {
        int[] labels = {0, 1, 1, 2, 2, 2};
        StratifiedSplit s = StratifiedSplit.of(labels, 3, 0.2, 1);
        int[] v = new int[3];
        for (int i : s.validation()) v[labels[i]]++;
        assertArrayEquals(new int[] {0, 1, 1}, v);
    }
}
