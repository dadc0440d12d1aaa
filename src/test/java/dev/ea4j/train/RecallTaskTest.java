package dev.ea4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.kernels.LossKernels;
import dev.ea4j.model.AttentionType;
import dev.ea4j.train.tasks.ModelSize;
import dev.ea4j.train.tasks.RecallTask;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MQAR generation, the ignore-label cross-entropy it trains with, and a tiny training run. */
class RecallTaskTest {

    private static final ModelSize SMALL = new ModelSize(32, 2, 2, false);

    private static RecallTask task(int length, int pairs, int vocab, long seed) {
        return new RecallTask(length, pairs, vocab, new int[] {50, 10, 20}, seed, SMALL);
    }

    @Test
    void generationIsDeterministicAndSeedDependent() {
        RecallTask a = task(64, 8, 64, 3), b = task(64, 8, 64, 3), c = task(64, 8, 64, 4);
        for (int i = 0; i < a.trainSet().size(); i++) {
            assertArrayEquals(a.trainSet().get(i).tokens(), b.trainSet().get(i).tokens());
            assertArrayEquals(a.trainSet().get(i).labels(), b.trainSet().get(i).labels());
        }
        assertNotEquals(List.of(a.trainSet().get(0).tokens()).hashCode(), 0);
        boolean differs = false;
        for (int i = 0; i < a.trainSet().size(); i++) {
            differs |= !java.util.Arrays.equals(a.trainSet().get(i).tokens(), c.trainSet().get(i).tokens());
        }
        assertTrue(differs, "another data seed gives other sequences");
        // train, validation, test come from different streams
        assertTrue(!java.util.Arrays.equals(a.trainSet().get(0).tokens(), a.testSet().get(0).tokens()));
        assertEquals(50, a.trainSet().size());
        assertEquals(10, a.validationSet().size());
        assertEquals(20, a.testSet().size());
    }

    @ParameterizedTest(name = "L={0} K={1} V={2}")
    @CsvSource({"32, 4, 64", "64, 8, 64", "128, 16, 64", "16, 4, 16", "8, 2, 8"})
    void sequencesAreWellFormed(int length, int pairs, int vocab) {
        RecallTask t = task(length, pairs, vocab, 11);
        int k0 = t.firstKey(), v0 = t.firstValue(), nk = RecallTask.keyCount(vocab);
        for (List<RecallTask.Sequence> set : List.of(t.trainSet(), t.validationSet(), t.testSet())) {
            for (RecallTask.Sequence s : set) {
                int[] tok = s.tokens(), lab = s.labels();
                assertEquals(length, tok.length);
                assertEquals(length, lab.length);
                for (int x : tok) assertTrue(x >= 1 && x < vocab, "token in the vocabulary: " + x);
                // the pairs: distinct keys, then values from the value range
                int[] valueOf = new int[vocab];
                Set<Integer> keys = new HashSet<>();
                for (int i = 0; i < pairs; i++) {
                    int k = tok[2 * i], v = tok[2 * i + 1];
                    assertTrue(k >= k0 && k < k0 + nk, "key range");
                    assertTrue(v >= v0 && v < v0 + nk, "value range");
                    assertTrue(keys.add(k), "keys are distinct");
                    valueOf[k] = v;
                }
                // distractors: neither keys nor values
                for (int p = 2 * pairs; p < length - 2 * pairs; p++) assertTrue(tok[p] >= 1 && tok[p] < k0, "distractor");
                // queries: every key once, seen earlier, labelled with its value and followed by it
                Set<Integer> queried = new HashSet<>();
                int scored = 0;
                for (int p = 0; p < length; p++) {
                    if (lab[p] == LossKernels.IGNORE) continue;
                    scored++;
                    assertTrue(p >= length - 2 * pairs, "only query positions are scored");
                    int q = tok[p];
                    assertTrue(keys.contains(q), "the query key appeared earlier");
                    assertTrue(firstIndex(tok, q) < 2 * pairs, "its first occurrence is in the pairs");
                    assertEquals(valueOf[q], lab[p], "the target is the paired value");
                    assertEquals(valueOf[q], tok[p + 1], "the answer follows the query");
                    assertTrue(queried.add(q), "each key is queried once");
                }
                assertEquals(pairs, scored);
            }
        }
    }

    @Test
    void impossibleSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> task(15, 4, 64, 1)); // 4K > L
        assertThrows(IllegalArgumentException.class, () -> task(256, 32, 64, 1)); // more pairs than keys
    }

    private static int firstIndex(int[] a, int x) {
        for (int i = 0; i < a.length; i++) if (a[i] == x) return i;
        return -1;
    }

    /** Mean over rows with label >= 0 of logsumexp - z[label], in double. */
    private static double crossEntropy(double[] z, int[] labels, int rows, int classes) {
        double total = 0;
        int n = 0;
        for (int r = 0; r < rows; r++) {
            if (labels[r] < 0) continue;
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int c = 0; c < classes; c++) max = Math.max(max, z[r * classes + c]);
            for (int c = 0; c < classes; c++) sum += Math.exp(z[r * classes + c] - max);
            total += max + Math.log(sum) - z[r * classes + labels[r]];
            n++;
        }
        return n == 0 ? 0 : total / n;
    }

    @ParameterizedTest(name = "rows={0} classes={1} ignoreEvery={2}")
    @CsvSource({"1, 3, 2", "6, 5, 2", "20, 11, 3", "33, 7, 4", "5, 4, 1"})
    void ignoreLabelCrossEntropyMatchesDoubleReferenceAndFiniteDifferences(int rows, int classes, int ignoreEvery) {
        Random r = new Random(rows * 31 + classes);
        float[] logits = new float[rows * classes];
        for (int i = 0; i < logits.length; i++) logits[i] = (float) (r.nextGaussian() * 2);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) labels[i] = i % ignoreEvery == 0 ? LossKernels.IGNORE : r.nextInt(classes);
        float[] loss = {Float.NaN}, grad = new float[rows * classes];
        java.util.Arrays.fill(grad, Float.NaN);
        LossKernels.softmaxCrossEntropy(logits, labels, loss, grad, rows, classes);
        double[] z = new double[logits.length];
        for (int i = 0; i < z.length; i++) z[i] = logits[i];
        double want = crossEntropy(z, labels, rows, classes);
        assertEquals(want, loss[0], 1e-5 * Math.max(1, Math.abs(want)));
        double h = 1e-4;
        for (int i = 0; i < z.length; i++) {
            double keep = z[i];
            z[i] = keep + h;
            double up = crossEntropy(z, labels, rows, classes);
            z[i] = keep - h;
            double down = crossEntropy(z, labels, rows, classes);
            z[i] = keep;
            double fd = (up - down) / (2 * h);
            assertEquals(fd, grad[i], 1e-4 + 1e-3 * Math.abs(fd), "d loss / d logit " + i);
            if (labels[i / classes] < 0) assertEquals(0f, grad[i], "ignored rows get no gradient");
        }
    }

    @Test
    void ignoredRowsDoNotChangeTheLoss() {
        // the same counted rows with extra ignored rows around them: same loss, same gradient on them
        int classes = 6;
        Random r = new Random(5);
        float[] a = new float[2 * classes];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
        float[] b = new float[4 * classes];
        System.arraycopy(a, 0, b, classes, 2 * classes);
        for (int i = 0; i < classes; i++) {
            b[i] = 40f * (float) r.nextGaussian();
            b[3 * classes + i] = -40f;
        }
        float[] la = new float[1], ga = new float[a.length], lb = new float[1], gb = new float[b.length];
        LossKernels.softmaxCrossEntropy(a, new int[] {1, 4}, la, ga, 2, classes);
        LossKernels.softmaxCrossEntropy(b, new int[] {-1, 1, 4, -1}, lb, gb, 4, classes);
        assertEquals(la[0], lb[0], 1e-7);
        for (int i = 0; i < ga.length; i++) assertEquals(ga[i], gb[classes + i], 1e-7);
        float[] none = new float[1], gn = new float[b.length];
        LossKernels.softmaxCrossEntropy(b, new int[] {-1, -1, -1, -1}, none, gn, 4, classes);
        assertEquals(0f, none[0]);
        for (float g : gn) assertEquals(0f, g);
    }

    @Test
    void tinyTrainingRunOnTheJavaBackendBeatsChance(@TempDir Path dir) throws Exception {
        // L = 16, K = 2 (chance: 1/2 if the model only knew the answer is one of the two values, 1/N_k otherwise)
        RecallTask t = new RecallTask(16, 2, 16, new int[] {256, 64, 128}, 21, new ModelSize(32, 2, 2, false));
        TrainConfig config = new TrainConfig(12, 16, 3e-3, 1e-2, 0.1, 1.0, 0, 1);
        Trainer trainer = new Trainer("java", true, false, new PrintStream(PrintStream.nullOutputStream()));
        Trainer.Result res = trainer.train(t, AttentionType.parse("SA"), config, dir, false);
        double acc = res.test().get("accuracy");
        double chance = 1.0 / RecallTask.keyCount(16);
        assertTrue(acc > 2.5 * chance, "accuracy " + acc + " vs chance " + chance);
        assertTrue(Double.isFinite(res.test().get("loss")));
    }
}
