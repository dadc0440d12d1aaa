package dev.ea4j.train;

import dev.ea4j.model.AttentionType;
import dev.ea4j.model.Dropout;
import dev.ea4j.model.Model;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains one model on one task: AdamW with warm-up and cosine decay, global-norm clipping, early stopping
 * on the validation metric, a checkpoint after every epoch ({@code runDir/checkpoint}, resumable), the best
 * weights in {@code runDir/best}, and {@code runDir/metrics.jsonl}. The test set is scored with the best
 * weights at the end. A refit ({@link #train(TrainingTask, AttentionType, TrainConfig, Path, boolean, int)}) runs a
 * fixed number of epochs of the same schedule instead, never looks at a validation set, and keeps the last weights.
 */
public final class Trainer {

    /** What a finished run reports. */
    public record Result(String model, Map<String, Double> test, int bestEpoch, int epochsRun, double seconds,
                         String device) {}

    private final String device;
    private final boolean strict;
    private final boolean progress;
    private final PrintStream log;

    /** A trainer on {@code device}; progress bars and messages go to {@code log}. */
    public Trainer(String device, boolean strict, boolean progress, PrintStream log) {
        this.device = device;
        this.strict = strict;
        this.progress = progress;
        this.log = log;
    }

    /** Trains {@code attention} on {@code task}; with {@code resume}, continues the run in {@code runDir}. */
    public Result train(TrainingTask task, AttentionType attention, TrainConfig config, Path runDir, boolean resume)
            throws IOException {
        return train(task, attention, config, runDir, resume, 0);
    }

    /**
     * As {@link #train(TrainingTask, AttentionType, TrainConfig, Path, boolean)}; with {@code fixedEpochs > 0}, runs
     * the first {@code fixedEpochs} epochs of {@code config}'s schedule without validation or early stopping and tests
     * the last weights.
     */
    public Result train(TrainingTask task, AttentionType attention, TrainConfig config, Path runDir, boolean resume,
                        int fixedEpochs) throws IOException {
        boolean fixed = fixedEpochs > 0;
        int lastEpoch = fixed ? Math.min(fixedEpochs, config.epochs()) : config.epochs();
        Files.createDirectories(runDir);
        Model model = new Model(task.modelConfig(attention).withDropout(config.dropout()), config.seed());
        Path checkpoint = runDir.resolve("checkpoint");
        MetricsLog metrics = new MetricsLog(runDir.resolve("metrics.jsonl"));
        long stepsPerEpoch = task.trainBatches(config.seed(), 0, config.batchSize()).size();
        TrainerState state = TrainerState.start(config.seed(), stepsPerEpoch * config.epochs());
        if (resume && Files.exists(checkpoint.resolve(Checkpoints.INDEX))) {
            state = Checkpoints.load(checkpoint, model);
            if (state.seed() != config.seed()) {
                throw new IllegalArgumentException("--resume: the run in " + runDir + " used seed " + state.seed()
                        + ", not " + config.seed());
            }
            metrics.truncate(state.epochsDone());
            log.printf("ea4j: resuming %s from %s: epoch %d, step %d%n", attention, checkpoint, state.epochsDone(), state.step());
        } else if (resume) {
            log.printf("ea4j: --resume: no checkpoint in %s yet, starting from scratch%n", checkpoint);
        }
        long start = System.nanoTime();
        int epochsRun = 0;
        try (DeviceModel dm = new DeviceModel(model, device, strict, log)) {
            TrainingTask.Evaluator eval = dm::forward;
            while (!state.finished() && state.epochsDone() < lastEpoch) {
                int epoch = state.epochsDone();
                List<Batch> batches = task.trainBatches(config.seed(), epoch, config.batchSize());
                double trainLoss = runEpoch(dm, batches, config, state, epoch, lastEpoch, attention);
                long step = state.step() + batches.size();
                // a refit keeps every epoch's weights and never evaluates the validation set
                Map<String, Double> val = fixed ? Map.of() : task.evaluate(eval, task.validationBatches(config.batchSize()));
                double metric = fixed ? Double.NaN : val.get(task.selectionMetric());
                boolean better = fixed || Double.isNaN(state.bestMetric())
                        || (task.higherIsBetter() ? metric > state.bestMetric() : metric < state.bestMetric());
                dm.downloadState();
                if (better) Checkpoints.saveWeights(runDir.resolve("best"), model, val, task.inferenceInfo());
                int bad = better ? 0 : state.epochsWithoutImprovement() + 1;
                boolean stop = epoch + 1 >= lastEpoch || (config.patience() > 0 && bad >= config.patience());
                state = new TrainerState(epoch + 1, step, state.totalSteps(), better ? metric : state.bestMetric(),
                        better ? epoch + 1 : state.bestEpoch(), bad, config.seed(), stop);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("model", attention.toString());
                row.put("epoch", epoch + 1);
                row.put("step", step);
                row.put("train_loss", trainLoss);
                val.forEach((k, v) -> row.put("val_" + k, v));
                row.put("lr", config.learningRateAt(step, state.totalSteps()));
                row.put("elapsed_s", (System.nanoTime() - start) / 1e9);
                // the row before the checkpoint: a run killed between the two redoes the epoch on resume (which
                // drops rows past the checkpoint's epoch); the other order lost the epoch's row
                metrics.append(row);
                Checkpoints.save(checkpoint, model, state);
                epochsRun++;
            }
            Model best = Checkpoints.loadModel(runDir.resolve("best"));
            copyWeights(best, model);
            dm.uploadState();
            Map<String, Double> test = task.evaluate(eval, task.testBatches(config.batchSize()));
            return new Result(attention.toString(), test, state.bestEpoch(), epochsRun,
                    (System.nanoTime() - start) / 1e9, dm.deviceId());
        }
    }

    private double runEpoch(DeviceModel dm, List<Batch> batches, TrainConfig config, TrainerState state, int epoch,
                            int lastEpoch, AttentionType attention) {
        long step = state.step();
        double lossSum = 0;
        long tokens = 0;
        long seqs = 0;
        long t0 = System.nanoTime();
        StepProgress bar = progress ? StepProgress.start(log, String.format("%-5s epoch %d/%d", attention, epoch + 1,
                lastEpoch), batches.size()) : null;
        try {
            for (Batch b : batches) {
                float loss = dm.forwardBackward(b, Dropout.stepSeed(config.seed(), step + 1));
                double norm = dm.gradientNorm();
                step++;
                if (!Float.isFinite(loss) || !Double.isFinite(norm)) {
                    throw new TrainingDivergedException(String.format(
                            "%s: loss %s, gradient norm %s at epoch %d, step %d; training stopped, the last good "
                                    + "checkpoint (epoch %d) is untouched; try a lower --lr", attention, loss, norm,
                            epoch + 1, step, state.epochsDone()));
                }
                double scale = config.clipNorm() > 0 && norm > config.clipNorm() ? config.clipNorm() / norm : 1.0;
                dm.optimize(config.learningRateAt(step, state.totalSteps()), config.weightDecay(), step, scale);
                lossSum += loss * b.size();
                seqs += b.size();
                tokens += (long) b.size() * b.length();
                if (bar != null) {
                    double secs = (System.nanoTime() - t0) / 1e9;
                    bar.step(String.format("loss %.4f  %.0f tok/s", lossSum / seqs, tokens / Math.max(secs, 1e-9)));
                }
            }
        } finally {
            if (bar != null) bar.close();
        }
        long n = batches.stream().mapToLong(Batch::size).sum();
        return lossSum / Math.max(1, n);
    }

    private static void copyWeights(Model from, Model to) {
        for (int i = 0; i < to.parameters().size(); i++) {
            float[] src = from.parameters().get(i).value();
            System.arraycopy(src, 0, to.parameters().get(i).value(), 0, src.length);
        }
    }
}
