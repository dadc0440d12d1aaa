package dev.ea4j.train;

/** The loss or gradient became NaN or infinite; training stopped and the last good checkpoint is untouched. */
public final class TrainingDivergedException extends RuntimeException {
    /** Creates the exception with a message naming the step and what to do. */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
