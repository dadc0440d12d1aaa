package dev.ea4j.model;

/**
 * The shape a model is bound to: B sequences of L tokens with D channels.
 *
 * @param batch B
 * @param length L
 * @param width D
 */
public record BatchShape(int batch, int length, int width) {

    /** Validates positive sizes. */
    public BatchShape {
        if (batch < 1 || length < 1 || width < 1) {
            throw new IllegalArgumentException("batch shape needs B, L, D >= 1, got " + batch + ", " + length + ", " + width);
        }
    }

    /** B * L, the rows of token-wise matrices. */
    public int rows() {
        return batch * length;
    }

    /** B * L * D. */
    public int elements() {
        return batch * length * width;
    }
}
