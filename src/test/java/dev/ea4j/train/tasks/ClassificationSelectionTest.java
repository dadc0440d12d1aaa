package dev.ea4j.train.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.data.ClassificationDataset;
import dev.ea4j.train.Batch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a classification task selects epochs: a held-out share of TRAIN (default) or TEST (TSLib's protocol). */
class ClassificationSelectionTest {

    private static final ModelSize SIZE = new ModelSize(8, 1, 2, false);

    /** {@code n} one-channel series of length 3 whose values are {@code offset + i}, labels alternating. */
    private static ClassificationDataset set(String name, int n, float offset) {
        List<float[][]> series = new ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            float v = offset + i;
            series.add(new float[][] {{v}, {v}, {v}});
            labels[i] = i % 2;
        }
        return new ClassificationDataset(name, series, labels, List.of("a", "b"), 1, 3, 3, 0);
    }

    private static int samples(List<Batch> batches) {
        return batches.stream().mapToInt(Batch::size).sum();
    }

    @Test
    void heldOutSelectionTrainsOnPartOfTrainAndStopsOnItsLoss() {
        ClassificationTask t = new ClassificationTask("x", set("train", 20, 0), set("test", 7, 100), 0.2, 1L, SIZE);
        assertEquals(16, samples(t.trainBatches(1, 0, 4)));
        assertEquals(4, samples(t.validationBatches(4)));
        assertEquals(7, samples(t.testBatches(4)));
        assertEquals("loss", t.selectionMetric());
        assertFalse(t.higherIsBetter());
    }

    @Test
    void testSelectionTrainsOnAllOfTrainAndStopsOnTestAccuracy() {
        ClassificationTask t = ClassificationTask.selectingOnTest("x", set("train", 20, 0), set("test", 7, 100), SIZE);
        assertEquals(20, samples(t.trainBatches(1, 0, 4)));
        assertEquals(7, samples(t.validationBatches(4)));
        assertEquals(7, samples(t.testBatches(4)));
        assertEquals("accuracy", t.selectionMetric());
        assertTrue(t.higherIsBetter());
    }
}
