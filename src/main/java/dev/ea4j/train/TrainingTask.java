package dev.ea4j.train;

import dev.ea4j.model.AttentionType;
import dev.ea4j.model.ModelConfig;
import java.util.List;
import java.util.Map;

/** A data set plus how to build, batch and score a model for it. */
public interface TrainingTask {

    /** Short name, e.g. {@code jp}, {@code etth2}. */
    String name();

    /** The architecture for {@code attention}. */
    ModelConfig modelConfig(AttentionType attention);

    /** Training batches for {@code epoch}, shuffled deterministically from {@code seed} and the epoch. */
    List<Batch> trainBatches(long seed, int epoch, int batchSize);

    /** Validation batches (fixed order). */
    List<Batch> validationBatches(int batchSize);

    /** Test batches (fixed order). */
    List<Batch> testBatches(int batchSize);

    /** Scores a model on {@code batches}; keys like {@code accuracy}, {@code loss}, {@code mae}, {@code rmse}. */
    Map<String, Double> evaluate(Evaluator evaluator, List<Batch> batches);

    /** The validation metric early stopping watches. */
    String selectionMetric();

    /** Whether a larger {@link #selectionMetric()} is better. */
    boolean higherIsBetter();

    /** Tokens in one pass over the training set (for tokens/s). */
    long tokensPerEpoch();

    /**
     * What inference needs besides the weights (saved with the best model): the kind, input scaling
     * ({@code mean}, {@code std} per channel) and labels or column names.
     */
    Map<String, Object> inferenceInfo();

    /** Reference predictors scored on the test set (name to metrics), reported beside the models; none by default. */
    default Map<String, Map<String, Double>> baselines() {
        return Map.of();
    }

    /** Runs a forward pass and exposes the bound model whose output is filled. */
    interface Evaluator {
        /** Fills and runs {@code batch}; the returned model's {@code output()} holds the predictions. */
        dev.ea4j.model.BoundModel forward(Batch batch);
    }
}
