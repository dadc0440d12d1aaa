package dev.ea4j.train;

/**
 * How to train: AdamW with linear warm-up then cosine decay to 10% of the peak rate, global-norm gradient
 * clipping, early stopping on the validation metric.
 *
 * @param epochs maximum epochs
 * @param batchSize sequences per step
 * @param learningRate peak learning rate
 * @param weightDecay AdamW decoupled weight decay for matrices
 * @param warmupFraction fraction of all steps spent warming up
 * @param clipNorm maximum global gradient norm (0 = off)
 * @param patience epochs without validation improvement before stopping (0 = never stop early)
 * @param seed seed for initialisation and shuffling
 * @param dropout inverted-dropout rate in [0, 1) on the embeddings, attention and feed-forward outputs, the
 *     feed-forward hidden layer and a classifier's input (0 = none)
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, double weightDecay, double warmupFraction,
                          double clipNorm, int patience, long seed, double dropout) {

    /** Settings without dropout. */
    public TrainConfig(int epochs, int batchSize, double learningRate, double weightDecay, double warmupFraction,
                       double clipNorm, int patience, long seed) {
        this(epochs, batchSize, learningRate, weightDecay, warmupFraction, clipNorm, patience, seed, 0);
    }

    /** Validates the settings. */
    public TrainConfig {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        if (warmupFraction < 0 || warmupFraction >= 1) throw new IllegalArgumentException("warm-up fraction must be in [0, 1)");
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }

    /** This config with {@code epochs} epochs. */
    public TrainConfig withEpochs(int e) {
        return new TrainConfig(e, batchSize, learningRate, weightDecay, warmupFraction, clipNorm, patience, seed, dropout);
    }

    /** This config with peak learning rate {@code lr}. */
    public TrainConfig withLearningRate(double lr) {
        return new TrainConfig(epochs, batchSize, lr, weightDecay, warmupFraction, clipNorm, patience, seed, dropout);
    }

    /** This config with {@code s} as seed. */
    public TrainConfig withSeed(long s) {
        return new TrainConfig(epochs, batchSize, learningRate, weightDecay, warmupFraction, clipNorm, patience, s, dropout);
    }

    /** This config with dropout rate {@code rate}. */
    public TrainConfig withDropout(double rate) {
        return new TrainConfig(epochs, batchSize, learningRate, weightDecay, warmupFraction, clipNorm, patience, seed, rate);
    }

    /** Learning rate at optimizer step {@code step} (1-based) of {@code totalSteps}. */
    public double learningRateAt(long step, long totalSteps) {
        long warmup = Math.max(1, Math.round(warmupFraction * totalSteps));
        if (step <= warmup) return learningRate * step / warmup;
        double progress = Math.min(1.0, (double) (step - warmup) / Math.max(1, totalSteps - warmup));
        return learningRate * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
