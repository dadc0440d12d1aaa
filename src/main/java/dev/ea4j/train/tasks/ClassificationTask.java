package dev.ea4j.train.tasks;

import dev.ea4j.api.InvalidInputException;
import dev.ea4j.data.ClassificationDataset;
import dev.ea4j.data.Standardizer;
import dev.ea4j.data.StratifiedSplit;
import dev.ea4j.model.AttentionType;
import dev.ea4j.model.BoundModel;
import dev.ea4j.model.ClassifierHead;
import dev.ea4j.model.ModelConfig;
import dev.ea4j.model.TaskKind;
import dev.ea4j.train.Batch;
import dev.ea4j.train.TrainingTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Multivariate time-series classification (UEA): non-causal encoder, a {@link ClassifierHead} (mean pooling by
 * default), softmax cross-entropy.
 * A stratified share of TRAIN is held out for early stopping on its loss; TEST is scored once with the best weights.
 * {@link #selectingOnTest} is TSLib's protocol instead, which the paper follows: all of TRAIN trains, and early
 * stopping and the best epoch go by TEST accuracy (an upper bound, not a clean estimate). Inputs are standardised
 * per channel with the training rows' statistics. Sequences of different lengths go into different batches
 * (batches hold equal lengths), so no padding or masking is needed.
 */
public final class ClassificationTask implements TrainingTask {

    private final String name;
    private final ClassificationDataset train;
    private final ClassificationDataset validation;
    private final ClassificationDataset test;
    private final ModelSize size;
    private final Standardizer scaler;
    private final boolean onTest;

    /** Splits {@code trainSet} (stratified, {@code valFraction}, seeded) and scales all sets with its statistics. */
    public ClassificationTask(String name, ClassificationDataset trainSet, ClassificationDataset testSet, double valFraction,
                              long splitSeed, ModelSize size) {
        this(name, StratifiedSplit.apply(trainSet, valFraction, splitSeed), testSet, size, false);
    }

    /** TSLib's protocol: trains on all of {@code trainSet} and selects epochs by accuracy on {@code testSet}. */
    public static ClassificationTask selectingOnTest(String name, ClassificationDataset trainSet,
                                                     ClassificationDataset testSet, ModelSize size) {
        return new ClassificationTask(name, new ClassificationDataset[] {trainSet, null}, testSet, size, true);
    }

    private ClassificationTask(String name, ClassificationDataset[] trainAndValidation, ClassificationDataset testSet,
                               ModelSize size, boolean onTest) {
        this.name = name;
        this.size = size;
        this.onTest = onTest;
        this.scaler = Standardizer.fit(trainAndValidation[0]);
        this.train = scaler.transform(trainAndValidation[0]);
        this.test = scaler.transform(testSet);
        this.validation = onTest ? test : scaler.transform(trainAndValidation[1]);
        int minLength = Math.min(train.minLength(), test.minLength()), maxLength = Math.max(train.maxLength(),
                test.maxLength());
        if (size.head() == ClassifierHead.FLATTEN && minLength != maxLength) {
            throw new InvalidInputException("--head flatten needs series of one length; " + name + " has lengths "
                    + minLength + " to " + maxLength + " (use --head mean)");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelConfig modelConfig(AttentionType attention) {
        int maxLength = Math.max(train.maxLength(), Math.max(validation.maxLength(), test.maxLength()));
        return new ModelConfig(TaskKind.CLASSIFICATION, attention, false, train.dims(), size.width(), size.layers(),
                size.heads(), train.numClasses(), maxLength, size.preNorm(), 0, size.head());
    }

    @Override
    public List<Batch> trainBatches(long seed, int epoch, int batchSize) {
        SplittableRandom r = Shuffles.forEpoch(seed, epoch);
        List<Batch> batches = batches(train, batchSize, r);
        Shuffles.shuffle(batches, r); // batch order too, with the same generator
        return batches;
    }

    @Override
    public List<Batch> validationBatches(int batchSize) {
        return batches(validation, batchSize, null);
    }

    @Override
    public List<Batch> testBatches(int batchSize) {
        return batches(test, batchSize, null);
    }

    @Override
    public Map<String, Double> evaluate(Evaluator evaluator, List<Batch> batches) {
        long correct = 0, total = 0;
        double lossSum = 0;
        for (Batch b : batches) {
            BoundModel m = evaluator.forward(b);
            int classes = m.output().length / b.size();
            for (int i = 0; i < b.size(); i++) {
                int label = m.labels()[i];
                int best = 0;
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int c = 0; c < classes; c++) {
                    float z = m.output()[i * classes + c];
                    if (z > max) {
                        max = z;
                        best = c;
                    }
                }
                for (int c = 0; c < classes; c++) sum += Math.exp(m.output()[i * classes + c] - max);
                lossSum += Math.log(sum) + max - m.output()[i * classes + label];
                if (best == label) correct++;
                total++;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("accuracy", (double) correct / total);
        out.put("loss", lossSum / total);
        return out;
    }

    @Override
    public Map<String, Object> inferenceInfo() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("kind", "classification");
        info.put("dataset", train.name());
        info.put("class_names", train.classNames());
        info.put("dims", train.dims());
        info.put("mean", ScalerInfo.means(scaler));
        info.put("std", ScalerInfo.stds(scaler));
        return info;
    }

    @Override
    public String selectionMetric() {
        return onTest ? "accuracy" : "loss";
    }

    @Override
    public boolean higherIsBetter() {
        return onTest;
    }

    @Override
    public long tokensPerEpoch() {
        long n = 0;
        for (float[][] s : train.series()) n += s.length;
        return n;
    }

    /** Groups samples by length (shuffled within a length when {@code r} is given) into batches of at most B. */
    private static List<Batch> batches(ClassificationDataset ds, int batchSize, SplittableRandom r) {
        TreeMap<Integer, List<Integer>> byLength = new TreeMap<>();
        for (int i = 0; i < ds.size(); i++) byLength.computeIfAbsent(ds.series().get(i).length, k -> new ArrayList<>()).add(i);
        List<Batch> out = new ArrayList<>();
        for (List<Integer> idx : byLength.values()) {
            if (r != null) Shuffles.shuffle(idx, r);
            for (int from = 0; from < idx.size(); from += batchSize) {
                List<Integer> chunk = idx.subList(from, Math.min(idx.size(), from + batchSize));
                out.add(new SeriesBatch(ds, chunk.stream().mapToInt(Integer::intValue).toArray()));
            }
        }
        return out;
    }

    /** Samples of equal length copied into a bound model's [B, L, C] input and [B] labels. */
    private record SeriesBatch(ClassificationDataset ds, int[] samples) implements Batch {
        @Override
        public int size() {
            return samples.length;
        }

        @Override
        public int length() {
            return ds.series().get(samples[0]).length;
        }

        @Override
        public void fill(BoundModel m) {
            int L = length(), C = ds.dims();
            for (int b = 0; b < samples.length; b++) {
                float[][] s = ds.series().get(samples[b]);
                for (int t = 0; t < L; t++) System.arraycopy(s[t], 0, m.input(), (b * L + t) * C, C);
                m.labels()[b] = ds.labels()[samples[b]];
            }
        }
    }
}
