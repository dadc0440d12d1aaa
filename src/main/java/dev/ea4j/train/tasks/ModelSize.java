package dev.ea4j.train.tasks;

/**
 * Width, depth and heads of the models a task trains (the paper does not give them; see docs/training.md).
 *
 * @param width model width D
 * @param layers encoder blocks
 * @param heads heads for SA and LA
 * @param preNorm Pre-LN instead of Post-LN
 */
public record ModelSize(int width, int layers, int heads, boolean preNorm) {}
