package dev.ea4j.train.tasks;

import dev.ea4j.model.ClassifierHead;

/**
 * Width, depth and heads of the models a task trains (the paper does not give them; see docs/training.md).
 *
 * @param width model width D
 * @param layers encoder blocks
 * @param heads heads for SA and LA
 * @param preNorm Pre-LN instead of Post-LN
 * @param head classification's head (other tasks ignore it; null: {@link ClassifierHead#MEAN})
 */
public record ModelSize(int width, int layers, int heads, boolean preNorm, ClassifierHead head) {

    /** A size with the mean-pooling classifier head. */
    public ModelSize(int width, int layers, int heads, boolean preNorm) {
        this(width, layers, heads, preNorm, ClassifierHead.MEAN);
    }

    /** Fills in the default head. */
    public ModelSize {
        if (head == null) head = ClassifierHead.MEAN;
    }
}
