package dev.ea4j.io;

import java.util.Arrays;

/**
 * A float32 array with its shape, as stored in a NumPy {@code .npy} file (C order).
 *
 * @param data the elements in row-major (C) order; its length is the product of {@code shape}
 * @param shape the dimensions; an empty shape is a scalar (one element)
 */
public record NpyArray(float[] data, int[] shape) {

    /** Checks that {@code data.length} equals the product of {@code shape} and that no dimension is negative. */
    public NpyArray {
        if (data == null || shape == null) throw new IllegalArgumentException("data and shape must not be null");
        long n = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= s;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " elements but data has " + data.length);
        }
        shape = shape.clone();
    }

    /** The shape (a copy). */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Dimension {@code i}. */
    public int dim(int i) {
        return shape[i];
    }

    /** The shape written as NumPy does, e.g. {@code (2, 63, 60)}. */
    public String shapeString() {
        return shapeString(shape);
    }

    /** {@code shape} written as NumPy does, e.g. {@code (2, 63, 60)} or {@code (5,)}. */
    public static String shapeString(int[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) b.append(", ");
            b.append(shape[i]);
        }
        if (shape.length == 1) b.append(',');
        return b.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a && Arrays.equals(shape, a.shape) && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray" + shapeString();
    }
}
