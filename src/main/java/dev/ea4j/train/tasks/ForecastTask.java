package dev.ea4j.train.tasks;

import dev.ea4j.data.ForecastDataset;
import dev.ea4j.data.ForecastSplits.Part;
import dev.ea4j.data.ForecastWindows;
import dev.ea4j.data.Standardizer;
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

/**
 * Forecasting (ETT, Traffic; TSLib splits, features S, M or MS): a causal encoder over the input window, a
 * flatten head predicting the predicted columns of the next H steps, MSE on standardised values. Input rows
 * may carry the sampling-time features ({@link dev.ea4j.data.TimeFeatures}), which the value projection turns
 * into a learned hour-of-day plus day-of-week embedding added beside the positional one. Optionally each
 * window is made relative to its last input step (see {@link ForecastWindows}). Reports MAE and RMSE on the
 * original scale and on the standardised scale; {@link #baselines()} scores persistence and a linear model.
 */
public final class ForecastTask implements TrainingTask {

    private final String name;
    private final ForecastDataset data;
    private final ForecastWindows train;
    private final ForecastWindows validation;
    private final ForecastWindows test;
    private final ModelSize size;
    private final Standardizer outputs;

    /** A task over {@code data}'s windows, with time features in the input and relative windows as asked. */
    public ForecastTask(String name, ForecastDataset data, ModelSize size, boolean timeInput, boolean relative) {
        this.name = name;
        this.data = data;
        this.size = size;
        this.train = data.windows(Part.TRAIN, timeInput, relative);
        this.validation = data.windows(Part.VAL, timeInput, relative);
        this.test = data.windows(Part.TEST, timeInput, relative);
        this.outputs = data.scaler().select(data.outputColumns());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelConfig modelConfig(AttentionType attention) {
        return new ModelConfig(TaskKind.FORECAST, attention, true, train.channels(), size.width(), size.layers(),
                size.heads(), data.horizon() * train.outputs(), train.seqLen(), size.preNorm());
    }

    @Override
    public List<Batch> trainBatches(long seed, int epoch, int batchSize) {
        return batches(train, Shuffles.permutation(train.count(), Shuffles.forEpoch(seed, epoch)), batchSize);
    }

    @Override
    public List<Batch> validationBatches(int batchSize) {
        return batches(validation, identity(validation.count()), batchSize);
    }

    @Override
    public List<Batch> testBatches(int batchSize) {
        return batches(test, identity(test.count()), batchSize);
    }

    @Override
    public Map<String, Double> evaluate(Evaluator evaluator, List<Batch> batches) {
        ForecastMetrics metrics = new ForecastMetrics(outputs);
        for (Batch b : batches) {
            BoundModel m = evaluator.forward(b);
            float[] pred = m.output().clone();
            float[] truth = m.target().clone();
            ((WindowBatch) b).restoreLevel(pred);
            ((WindowBatch) b).restoreLevel(truth);
            metrics.add(pred, truth, b.size() * data.horizon());
        }
        return metrics.result();
    }

    @Override
    public Map<String, Map<String, Double>> baselines() {
        return ForecastBaselines.evaluate(data.windows(Part.TRAIN), data.windows(Part.TEST), outputs);
    }

    @Override
    public Map<String, Object> inferenceInfo() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("kind", "forecast");
        info.put("dataset", name);
        info.put("columns", data.table().columns());
        info.put("features", data.features().toString());
        info.put("target", data.table().columns().get(data.target()));
        info.put("input_length", train.seqLen());
        info.put("horizon", data.horizon());
        info.put("time_features", train.channels() > train.valueChannels() ? ForecastInference.TIME_FEATURES : "none");
        info.put("relative_to_last_step", train.relative());
        info.put("mean", ScalerInfo.means(data.scaler()));
        info.put("std", ScalerInfo.stds(data.scaler()));
        return info;
    }

    @Override
    public String selectionMetric() {
        return "mse_scaled";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public long tokensPerEpoch() {
        return (long) train.count() * train.seqLen();
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    private static List<Batch> batches(ForecastWindows w, int[] order, int batchSize) {
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            int[] idx = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
            out.add(new WindowBatch(w, idx));
        }
        return out;
    }

    /** Windows copied into a bound model's [B, L, C_in] input and [B, H * C_out] target. */
    private record WindowBatch(ForecastWindows w, int[] windows) implements Batch {
        @Override
        public int size() {
            return windows.length;
        }

        @Override
        public int length() {
            return w.seqLen();
        }

        @Override
        public void fill(BoundModel m) {
            int in = w.seqLen() * w.channels(), out = w.horizon() * w.outputs();
            for (int b = 0; b < windows.length; b++) {
                w.fillInput(windows[b], m.input(), b * in);
                w.fillTarget(windows[b], m.target(), b * out);
            }
        }

        /** Adds each window's level back to a [B, H, C_out] block (no-op for absolute windows). */
        void restoreLevel(float[] block) {
            int out = w.horizon() * w.outputs();
            for (int b = 0; b < windows.length; b++) w.restoreLevel(windows[b], block, b * out);
        }
    }
}
