package dev.ea4j.train.tasks;

import dev.ea4j.data.ForecastDataset;
import dev.ea4j.data.ForecastSplits.Part;
import dev.ea4j.data.ForecastWindows;
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
 * Multivariate forecasting (ETT, Traffic; TSLib splits, features M): a causal encoder over the input
 * window, a flatten head predicting every channel of the next H steps, MSE on standardised values.
 * Each window is made relative to its last input step (inputs and targets minus that row, added back to
 * the predictions), a parameter-free instance normalisation in the spirit of RevIN that removes the level
 * shifts between the ETT splits; a model that predicts zeros is then the persistence forecast.
 * Reports MAE and RMSE on the original scale and on the standardised scale (TSLib's convention), and
 * the same for the persistence forecast (repeat the last input step) as a floor any model should beat.
 */
public final class ForecastTask implements TrainingTask {

    private final String name;
    private final ForecastDataset data;
    private final ForecastWindows train;
    private final ForecastWindows validation;
    private final ForecastWindows test;
    private final ModelSize size;

    /** A task over {@code data}'s windows. */
    public ForecastTask(String name, ForecastDataset data, ModelSize size) {
        this.name = name;
        this.data = data;
        this.size = size;
        this.train = data.windows(Part.TRAIN);
        this.validation = data.windows(Part.VAL);
        this.test = data.windows(Part.TEST);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelConfig modelConfig(AttentionType attention) {
        return new ModelConfig(TaskKind.FORECAST, attention, true, data.channels(), size.width(), size.layers(),
                size.heads(), data.horizon() * data.channels(), train.seqLen(), size.preNorm());
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
        double abs = 0, sq = 0, absOrig = 0, sqOrig = 0, absLast = 0, sqLast = 0;
        long n = 0;
        int C = data.channels(), H = data.horizon();
        for (Batch b : batches) {
            BoundModel m = evaluator.forward(b);
            float[] pred = m.output().clone();
            float[] truth = m.target().clone();
            ((WindowBatch) b).restoreLevel(pred);
            ((WindowBatch) b).restoreLevel(truth);
            for (int i = 0; i < pred.length; i++) {
                double d = pred[i] - truth[i];
                abs += Math.abs(d);
                sq += d * d;
            }
            // persistence baseline: every future step repeats the window's last row
            float[] last = new float[pred.length];
            ((WindowBatch) b).restoreLevel(last);
            data.scaler().inverseInPlace(pred, 0, b.size() * H);
            data.scaler().inverseInPlace(truth, 0, b.size() * H);
            data.scaler().inverseInPlace(last, 0, b.size() * H);
            for (int i = 0; i < pred.length; i++) {
                double d = pred[i] - truth[i];
                absOrig += Math.abs(d);
                sqOrig += d * d;
                double e = last[i] - truth[i];
                absLast += Math.abs(e);
                sqLast += e * e;
            }
            n += pred.length;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("mae", absOrig / n);
        out.put("rmse", Math.sqrt(sqOrig / n));
        out.put("mse_scaled", sq / n);
        out.put("mae_scaled", abs / n);
        out.put("rmse_scaled", Math.sqrt(sq / n));
        out.put("persistence_mae", absLast / n);
        out.put("persistence_rmse", Math.sqrt(sqLast / n));
        return out;
    }

    @Override
    public Map<String, Object> inferenceInfo() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("kind", "forecast");
        info.put("dataset", name);
        info.put("columns", data.table().columns());
        info.put("input_length", train.seqLen());
        info.put("horizon", data.horizon());
        info.put("relative_to_last_step", true);
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

    /** Windows copied into a bound model's [B, L, C] input and [B, H * C] target. */
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
            int L = w.seqLen(), H = w.horizon(), C = w.channels();
            for (int b = 0; b < windows.length; b++) {
                w.fillInput(windows[b], m.input(), b * L * C);
                w.fillTarget(windows[b], m.target(), b * H * C);
                int last = (b * L + L - 1) * C;
                for (int c = 0; c < C; c++) {
                    float level = m.input()[last + c];
                    for (int t = 0; t < L; t++) m.input()[(b * L + t) * C + c] -= level;
                    for (int h = 0; h < H; h++) m.target()[(b * H + h) * C + c] -= level;
                }
            }
        }

        /** Adds each window's last input row back to a [B, H, C] block made relative to it. */
        void restoreLevel(float[] relative) {
            int L = w.seqLen(), H = w.horizon(), C = w.channels();
            float[] input = new float[L * C];
            for (int b = 0; b < windows.length; b++) {
                w.fillInput(windows[b], input, 0);
                for (int h = 0; h < H; h++) {
                    for (int c = 0; c < C; c++) relative[(b * H + h) * C + c] += input[(L - 1) * C + c];
                }
            }
        }
    }
}
