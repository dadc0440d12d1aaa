package dev.ea4j.train.tasks;

import dev.ea4j.kernels.LossKernels;
import dev.ea4j.model.AttentionType;
import dev.ea4j.model.BoundModel;
import dev.ea4j.model.ModelConfig;
import dev.ea4j.model.TaskKind;
import dev.ea4j.train.Batch;
import dev.ea4j.train.TrainingTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic multi-query associative recall (MQAR, Arora et al. 2023, "Zoology") for causal next-token
 * models. A sequence of length L is
 *
 * <pre>
 *   k1 v1 k2 v2 ... kK vK | d d d ... d | q1 a1 q2 a2 ... qK aK
 * </pre>
 *
 * K key-value pairs (distinct keys; keys and values from disjoint vocabulary ranges), a stream of random
 * distractor tokens (a third range) filling the middle, then every key once more as a query, in a random
 * order, each followed by its value. Only the positions holding a query key are scored: their next-token
 * target is the paired value; every other position has the label {@link LossKernels#IGNORE}, so the
 * cross-entropy is the mean over query answers alone. Accuracy is the fraction of answers whose argmax is
 * the value.
 *
 * <p>Vocabulary layout for V tokens: 0 unused, distractors [1, 1 + N_d) with N_d = max(2, V / 8), keys
 * [1 + N_d, 1 + N_d + N_k), values the next N_k ids, N_k = (V - 1 - N_d) / 2. Generation is a pure
 * function of the seed: the train, validation and test sets use the streams seed, seed + 1, seed + 2.
 */
public final class RecallTask implements TrainingTask {

    /** One sequence: input tokens and next-token labels ({@link LossKernels#IGNORE} where unscored). */
    public record Sequence(int[] tokens, int[] labels) {}

    private final int length;
    private final int pairs;
    private final int vocab;
    private final ModelSize size;
    private final List<Sequence> train;
    private final List<Sequence> validation;
    private final List<Sequence> test;

    /**
     * Generates the three sets.
     *
     * @param length L
     * @param pairs K key-value pairs (also the number of queries); needs 4K <= L and K <= the key range
     * @param vocab V
     * @param sizes train, validation, test sequence counts
     * @param seed data seed
     * @param size model width, depth, heads
     */
    public RecallTask(int length, int pairs, int vocab, int[] sizes, long seed, ModelSize size) {
        if (vocab < 8) throw new IllegalArgumentException("recall: vocabulary must be >= 8, got " + vocab);
        if (pairs < 1) throw new IllegalArgumentException("recall: need at least one key-value pair, got " + pairs);
        if (4 * pairs > length) {
            throw new IllegalArgumentException("recall: " + pairs + " pairs and their queries need length >= "
                    + 4 * pairs + ", got " + length);
        }
        if (pairs > keyCount(vocab)) {
            throw new IllegalArgumentException("recall: " + pairs + " pairs need " + pairs + " distinct keys, but a "
                    + "vocabulary of " + vocab + " has " + keyCount(vocab) + "; raise --vocab or lower the length");
        }
        this.length = length;
        this.pairs = pairs;
        this.vocab = vocab;
        this.size = size;
        this.train = generate(sizes[0], seed);
        this.validation = generate(sizes[1], seed + 1);
        this.test = generate(sizes[2], seed + 2);
    }

    /** Distractor tokens for vocabulary {@code v}. */
    public static int distractorCount(int v) {
        return Math.max(2, v / 8);
    }

    /** Keys (and values) for vocabulary {@code v}. */
    public static int keyCount(int v) {
        return (v - 1 - distractorCount(v)) / 2;
    }

    /** First key id. */
    public int firstKey() {
        return 1 + distractorCount(vocab);
    }

    /** First value id. */
    public int firstValue() {
        return firstKey() + keyCount(vocab);
    }

    /** K. */
    public int pairs() {
        return pairs;
    }

    /** L. */
    public int length() {
        return length;
    }

    /** The training sequences. */
    public List<Sequence> trainSet() {
        return train;
    }

    /** The validation sequences. */
    public List<Sequence> validationSet() {
        return validation;
    }

    /** The test sequences. */
    public List<Sequence> testSet() {
        return test;
    }

    private List<Sequence> generate(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + length * 131L + pairs);
        int nk = keyCount(vocab), nd = distractorCount(vocab), k0 = firstKey(), v0 = firstValue();
        List<Sequence> out = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            int[] keys = sample(r, nk, pairs);
            int[] tok = new int[length];
            int[] lab = new int[length];
            java.util.Arrays.fill(lab, LossKernels.IGNORE);
            int[] value = new int[pairs];
            for (int i = 0; i < pairs; i++) {
                value[i] = v0 + r.nextInt(nk); // values may repeat, keys do not
                tok[2 * i] = k0 + keys[i];
                tok[2 * i + 1] = value[i];
            }
            int qStart = length - 2 * pairs;
            for (int t = 2 * pairs; t < qStart; t++) tok[t] = 1 + r.nextInt(nd);
            int[] order = sample(r, pairs, pairs);
            for (int j = 0; j < pairs; j++) {
                int i = order[j], t = qStart + 2 * j;
                tok[t] = k0 + keys[i];
                tok[t + 1] = value[i];
                lab[t] = value[i];
            }
            out.add(new Sequence(tok, lab));
        }
        return out;
    }

    /** {@code k} distinct numbers from [0, n) in random order (partial Fisher-Yates). */
    private static int[] sample(SplittableRandom r, int n, int k) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        for (int i = 0; i < k; i++) {
            int j = i + r.nextInt(n - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return java.util.Arrays.copyOf(a, k);
    }

    @Override
    public String name() {
        return "recall-L" + length;
    }

    @Override
    public ModelConfig modelConfig(AttentionType attention) {
        return new ModelConfig(TaskKind.NEXT_TOKEN, attention, true, vocab, size.width(), size.layers(), size.heads(),
                vocab, length, size.preNorm());
    }

    @Override
    public List<Batch> trainBatches(long seed, int epoch, int batchSize) {
        return batches(train, Shuffles.permutation(train.size(), Shuffles.forEpoch(seed, epoch)), batchSize);
    }

    @Override
    public List<Batch> validationBatches(int batchSize) {
        return batches(validation, null, batchSize);
    }

    @Override
    public List<Batch> testBatches(int batchSize) {
        return batches(test, null, batchSize);
    }

    private static List<Batch> batches(List<Sequence> set, int[] order, int batchSize) {
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < set.size(); from += batchSize) {
            int n = Math.min(batchSize, set.size() - from);
            Sequence[] chunk = new Sequence[n];
            for (int i = 0; i < n; i++) chunk[i] = set.get(order == null ? from + i : order[from + i]);
            out.add(new TokenBatch(chunk));
        }
        return out;
    }

    @Override
    public Map<String, Double> evaluate(Evaluator evaluator, List<Batch> batches) {
        long correct = 0, total = 0;
        double lossSum = 0;
        for (Batch b : batches) {
            BoundModel m = evaluator.forward(b);
            float[] z = m.output();
            int[] labels = m.labels();
            int classes = z.length / labels.length;
            for (int row = 0; row < labels.length; row++) {
                int label = labels[row];
                if (label < 0) continue;
                int o = row * classes, best = 0;
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int c = 0; c < classes; c++) {
                    if (z[o + c] > max) {
                        max = z[o + c];
                        best = c;
                    }
                }
                for (int c = 0; c < classes; c++) sum += Math.exp(z[o + c] - max);
                lossSum += Math.log(sum) + max - z[o + label];
                if (best == label) correct++;
                total++;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("accuracy", (double) correct / Math.max(1, total));
        out.put("loss", lossSum / Math.max(1, total));
        return out;
    }

    @Override
    public Map<String, Object> inferenceInfo() {
        Map<String, Object> info = new java.util.LinkedHashMap<>();
        info.put("kind", "recall");
        info.put("dataset", name());
        return info;
    }

    @Override
    public String selectionMetric() {
        return "accuracy";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public long tokensPerEpoch() {
        return (long) train.size() * length;
    }

    /** Sequences of length L copied into a bound model's [B, L] ids and labels. */
    private record TokenBatch(Sequence[] seqs) implements Batch {
        @Override
        public int size() {
            return seqs.length;
        }

        @Override
        public int length() {
            return seqs[0].tokens().length;
        }

        @Override
        public void fill(BoundModel m) {
            int L = length();
            for (int b = 0; b < seqs.length; b++) {
                System.arraycopy(seqs[b].tokens(), 0, m.ids(), b * L, L);
                System.arraycopy(seqs[b].labels(), 0, m.labels(), b * L, L);
            }
        }
    }
}
