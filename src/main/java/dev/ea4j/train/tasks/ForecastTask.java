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
 *
 * <p>A streaming task ({@link #streaming}) trains a {@link TaskKind#STREAM_FORECAST} model instead: absolute
 * windows, a forecast of the next H steps after every step of a window, the loss averaged over all of them. An
 * epoch takes a fresh random {@code 1 / }{@link #STREAM_EPOCH_DIVISOR} of the stride-1 windows, validation every
 * {@code STREAM_EPOCH_DIVISOR}-th window; the test scores every window, each by the forecast after its last step
 * (the same forecast origins and targets as the window model's test).
 */
public final class ForecastTask implements TrainingTask {

    private final String name;
    private final ForecastDataset data;
    private final ForecastWindows train;
    private final ForecastWindows validation;
    private final ForecastWindows test;
    private final ModelSize size;
    private final Standardizer outputs;
    private final boolean streaming;

    /**
     * Streaming tasks: the share of the windows an epoch trains on (each window of L steps carries L targets) and the
     * stride of the validation windows.
     */
    public static final int STREAM_EPOCH_DIVISOR = 1;

    /** A task over {@code data}'s windows, with time features in the input and relative windows as asked. */
    public ForecastTask(String name, ForecastDataset data, ModelSize size, boolean timeInput, boolean relative) {
        this(name, data, size, timeInput, relative, false);
    }

    /**
     * A streaming task over {@code data}'s windows of {@code data.splits().seqLen()} steps (absolute values, time
     * features as asked): see the class comment.
     */
    public static ForecastTask streaming(String name, ForecastDataset data, ModelSize size, boolean timeInput) {
        return new ForecastTask(name, data, size, timeInput, false, true);
    }

    private ForecastTask(String name, ForecastDataset data, ModelSize size, boolean timeInput, boolean relative,
            boolean streaming) {
        this.name = name;
        this.data = data;
        this.size = size;
        this.streaming = streaming;
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
        return new ModelConfig(streaming ? TaskKind.STREAM_FORECAST : TaskKind.FORECAST, attention, true,
                train.channels(), size.width(), size.layers(),
                size.heads(), data.horizon() * train.outputs(), train.seqLen(), size.preNorm());
    }

    @Override
    public List<Batch> trainBatches(long seed, int epoch, int batchSize) {
        int[] order = Shuffles.permutation(train.count(), Shuffles.forEpoch(seed, epoch));
        if (streaming) order = java.util.Arrays.copyOf(order, Math.max(1, train.count() / STREAM_EPOCH_DIVISOR));
        return batches(train, order, batchSize);
    }

    @Override
    public List<Batch> validationBatches(int batchSize) {
        return batches(validation, every(validation.count(), streaming ? STREAM_EPOCH_DIVISOR : 1), batchSize);
    }

    @Override
    public List<Batch> testBatches(int batchSize) {
        return batches(test, every(test.count(), 1), batchSize);
    }

    @Override
    public Map<String, Double> evaluate(Evaluator evaluator, List<Batch> batches) {
        ForecastMetrics metrics = new ForecastMetrics(outputs);
        for (Batch b : batches) {
            BoundModel m = evaluator.forward(b);
            float[] pred = streaming ? lastSteps(m.output(), b.size()) : m.output().clone();
            float[] truth = streaming ? lastSteps(m.target(), b.size()) : m.target().clone();
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
        info.put("streaming", streaming);
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

    /** Windows 0, stride, 2 * stride, ... of {@code n}. */
    private static int[] every(int n, int stride) {
        int[] a = new int[(n + stride - 1) / stride];
        for (int i = 0; i < a.length; i++) a[i] = i * stride;
        return a;
    }

    /** The last step's rows of a [B, L, H * C_out] block: [B, H * C_out]. */
    private float[] lastSteps(float[] block, int batch) {
        int per = data.horizon() * train.outputs(), L = train.seqLen();
        float[] out = new float[batch * per];
        for (int b = 0; b < batch; b++) System.arraycopy(block, (b * L + L - 1) * per, out, b * per, per);
        return out;
    }

    private List<Batch> batches(ForecastWindows w, int[] order, int batchSize) {
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            int[] idx = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
            out.add(new WindowBatch(w, idx, streaming));
        }
        return out;
    }

    /** Windows copied into a bound model's [B, L, C_in] input and [B, H * C_out] target ([B, L, H * C_out] when streaming). */
    private record WindowBatch(ForecastWindows w, int[] windows, boolean streaming) implements Batch {
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
                if (streaming) w.fillStepTargets(windows[b], m.target(), b * out * w.seqLen());
                else w.fillTarget(windows[b], m.target(), b * out);
            }
        }

        /** Adds each window's level back to a [B, H, C_out] block (no-op for absolute windows). */
        void restoreLevel(float[] block) {
            int out = w.horizon() * w.outputs();
            for (int b = 0; b < windows.length; b++) w.restoreLevel(windows[b], block, b * out);
        }
    }
}
