package dev.ea4j.model;

import java.util.Arrays;

/**
 * A trainable tensor: its values, gradient and AdamW moments, all flat float[] of the same length.
 *
 * @param name unique name, used as the safetensors key (e.g. {@code layer_0.attn.q.weight})
 * @param shape the logical shape, row-major
 * @param value the values
 * @param grad the gradient of the loss (overwritten by every backward pass)
 * @param m AdamW first moment
 * @param v AdamW second moment
 * @param decay whether weight decay applies (matrices yes; biases, norms no)
 */
public record Parameter(String name, int[] shape, float[] value, float[] grad, float[] m, float[] v, boolean decay) {

    /** A zero parameter of {@code shape}. */
    public static Parameter zeros(String name, boolean decay, int... shape) {
        int n = 1;
        for (int s : shape) n = Math.multiplyExact(n, s);
        return new Parameter(name, shape.clone(), new float[n], new float[n], new float[n], new float[n], decay);
    }

    /** Number of scalars. */
    public int size() {
        return value.length;
    }

    /** Sets every value to {@code x}. */
    public Parameter fill(float x) {
        Arrays.fill(value, x);
        return this;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
