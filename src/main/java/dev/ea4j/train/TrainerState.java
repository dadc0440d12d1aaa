package dev.ea4j.train;

/**
 * Where a training run stands, saved with every checkpoint so {@code --resume} continues exactly there.
 *
 * @param epochsDone completed epochs
 * @param step optimizer steps taken
 * @param totalSteps steps the schedule was planned for
 * @param bestMetric best validation metric so far (NaN before the first)
 * @param bestEpoch epoch (1-based) of the best metric
 * @param epochsWithoutImprovement epochs since the best, for early stopping
 * @param seed the run's seed (shuffles derive from it and the epoch)
 * @param finished whether the run has ended (early stop or last epoch)
 */
public record TrainerState(int epochsDone, long step, long totalSteps, double bestMetric, int bestEpoch,
                           int epochsWithoutImprovement, long seed, boolean finished) {

    /** The state before the first step. */
    public static TrainerState start(long seed, long totalSteps) {
        return new TrainerState(0, 0, totalSteps, Double.NaN, 0, 0, seed, false);
    }
}
